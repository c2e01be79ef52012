import type { ServerRules } from './blueprint-rules';
import { nowInstant } from './fhir/dates';
import type { SearchSpec } from './fhir/search-query';
import { fail } from './http/outcome';
import { isRecord } from './internal/json';
import type { JsonObject } from './internal/json';
import { deriveData } from './policy/derive';
import { withheldReasons } from './policy/withheld';
import type { ResourceRecord, ResourceStore, StoreWriter, WithheldReason } from './storage/store';

/** A resource as written: its row and the stored JSON (with `meta.versionId` and `lastUpdated`). */
export interface WrittenResource {
  readonly record: ResourceRecord;
  readonly resource: JsonObject;
  readonly created: boolean;
}

/** The write operations of one atomic transaction. */
export interface WriteOperations {
  current(
    type: string,
    id: string,
  ): { readonly record: ResourceRecord; readonly json: string | null } | undefined;
  search(spec: SearchSpec): ResourceRecord[];
  /** Creates or updates; `ifMatch` is the version the caller expects (LHCR If-Match). */
  put(resource: JsonObject, options?: { readonly ifMatch?: number }): WrittenResource;
  /** Deletes; `undefined` when there was nothing to delete. */
  remove(
    type: string,
    id: string,
    options?: { readonly ifMatch?: number },
  ): ResourceRecord | undefined;
  setNationalOptOut(
    entries: readonly { readonly nhsNumber: string; readonly optedOut: boolean }[],
    asOf: string,
  ): void;
}

/** Rewrites references to this server's absolute URLs as relative `Type/id` references. */
function relativiseReferences(value: unknown, baseUrl: string): void {
  const prefix = `${baseUrl}/`;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (const item of current) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (isRecord(current)) {
      const reference = current['reference'];
      if (typeof reference === 'string' && reference.startsWith(prefix)) {
        current['reference'] = reference.slice(prefix.length);
      }
      for (const inner of Object.values(current)) {
        if (typeof inner === 'object' && inner !== null) stack.push(inner);
      }
    }
  }
}

/**
 * Writes resources through a {@link ResourceStore}: versions, `meta`, the search index and the
 * opt-out registers derived from each resource, and, before each commit, the restricted-data
 * decision of every record in the compartments the transaction touched.
 */
export class Repository {
  constructor(
    readonly store: ResourceStore,
    private readonly rules: ServerRules,
    private readonly baseUrl: () => string,
  ) {}

  /** Runs `fn` as one atomic transaction: everything it wrote, or nothing. */
  write<T>(fn: (operations: WriteOperations) => T, now: number = Date.now()): T {
    return this.store.transaction((writer) => {
      const touched = new Set<string>();
      const operations: WriteOperations = {
        current: (type, id) => writer.current(type, id),
        search: (spec) => writer.search(spec),
        put: (resource, options = {}) => this.put(writer, resource, options, now, touched),
        remove: (type, id, options = {}) => {
          const existing = writer.current(type, id);
          if (
            options.ifMatch !== undefined &&
            (existing === undefined ||
              existing.record.deleted ||
              existing.record.version !== options.ifMatch)
          ) {
            throw fail.preconditionFailed(
              `If-Match: ${type}/${id} is not at version ${String(options.ifMatch)}`,
            );
          }
          if (existing === undefined || existing.record.deleted) return undefined;
          for (const patient of existing.record.patients) touched.add(patient);
          return writer.remove(type, id, existing.record.version + 1, now);
        },
        setNationalOptOut: (entries, asOf) => {
          writer.setNationalOptOut(entries, asOf);
        },
      };
      const result = fn(operations);
      for (const patient of touched) this.recomputeWithheld(writer, patient);
      return result;
    });
  }

  private put(
    writer: StoreWriter,
    input: JsonObject,
    options: { readonly ifMatch?: number },
    now: number,
    touched: Set<string>,
  ): WrittenResource {
    const type = input['resourceType'] as string;
    const id = input['id'] as string;
    const existing = writer.current(type, id);
    if (
      options.ifMatch !== undefined &&
      (existing === undefined ||
        existing.record.deleted ||
        existing.record.version !== options.ifMatch)
    ) {
      throw fail.preconditionFailed(
        `If-Match: ${type}/${id} is not at version ${String(options.ifMatch)}`,
      );
    }
    const version = (existing?.record.version ?? 0) + 1;
    const meta = isRecord(input['meta']) ? input['meta'] : {};
    const resource: JsonObject = {
      ...input,
      meta: { ...meta, versionId: String(version), lastUpdated: nowInstant(now) },
    };
    relativiseReferences(resource, this.baseUrl());
    const derived = deriveData(resource);
    for (const patient of existing?.record.patients ?? []) touched.add(patient);
    for (const patient of derived.patients) touched.add(patient);
    const record = writer.put({
      type,
      id,
      version,
      lastUpdated: now,
      json: JSON.stringify(resource),
      derived,
    });
    return { record, resource, created: existing === undefined || existing.record.deleted };
  }

  private recomputeWithheld(writer: StoreWriter, patientId: string): void {
    const rows = writer.compartmentBodies(patientId);
    const items = rows.map((row) => ({
      key: `${row.record.type}/${row.record.id}`,
      resource: JSON.parse(row.json) as JsonObject,
    }));
    const reasons = withheldReasons(items, this.rules.restrictedLists);
    for (const row of rows) {
      const reason: WithheldReason = reasons.get(`${row.record.type}/${row.record.id}`) ?? 'none';
      // A record of several patients stays withheld if any of its compartments withholds it.
      if (
        reason !== row.record.withheld &&
        !(reason === 'none' && row.record.patients.length > 1)
      ) {
        writer.setWithheld(row.record.seq, reason);
      }
    }
  }
}
