import { randomBytes } from 'node:crypto';
import type { IncludeSpec } from '../fhir/search-query';
import type { JsonObject } from '../internal/json';

/** One entry of a result snapshot: a current resource, or a version for history. */
export interface PageEntry {
  readonly seq: number;
  readonly type: string;
  readonly id: string;
  readonly mode: 'match' | 'include';
  readonly patients: readonly string[];
  /** For history entries: the version and whether it is a deletion. */
  readonly version?: number;
  readonly deleted?: boolean;
  /** A resource made for the response (not stored), such as a defect's flag. */
  readonly synthetic?: JsonObject;
}

/**
 * A search result kept for paging: every match in order, decided once when the search ran, so
 * that `next` links return each match once and only once even while the data changes
 * (LHCR-SRCH-06). Bound to the client and purpose that ran the search.
 */
export interface PageSession {
  readonly id: string;
  readonly clientId: string;
  readonly purpose: string;
  readonly kind: 'searchset' | 'history';
  readonly entries: readonly PageEntry[];
  readonly total: number;
  readonly includes: readonly IncludeSpec[];
  /** Entries added to every page (the withheld-records OperationOutcome). */
  readonly outcomes: readonly JsonObject[];
  readonly self: string;
  readonly createdAt: number;
}

/** Paging snapshots, kept for `ttlMs` and at most `capacity` at once (oldest dropped first). */
export class PageStore {
  private readonly sessions = new Map<string, PageSession>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly capacity = 2000,
  ) {}

  /**
   * A snapshot for a result shown `pageSize` at a time; kept for later pages only when there
   * are more entries than one page holds.
   */
  open(
    session: Omit<PageSession, 'id' | 'createdAt'>,
    pageSize: number,
    now: number = Date.now(),
  ): PageSession {
    if (pageSize > 0 && session.entries.length <= pageSize)
      return { ...session, id: '', createdAt: now };
    const full: PageSession = {
      ...session,
      id: randomBytes(12).toString('base64url'),
      createdAt: now,
    };
    if (this.sessions.size >= this.capacity) {
      const oldest = this.sessions.keys().next();
      if (oldest.done !== true) this.sessions.delete(oldest.value);
    }
    this.sessions.set(full.id, full);
    return full;
  }

  get(id: string, now: number = Date.now()): PageSession | undefined {
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    if (now - session.createdAt > this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }
}
