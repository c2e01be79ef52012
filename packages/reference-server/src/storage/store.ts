import type { IndexRows } from '../fhir/index-resource';
import type { SearchSpec } from '../fhir/search-query';

/**
 * Why a resource is withheld from every response (LHCR-RDA-01, -02, -05): coded with a
 * restricted-data code, linked to a withheld record, or labelled very restricted (`V`).
 *
 * @example
 * ```ts
 * const reason: WithheldReason = 'linked'; // a prescription for a withheld diagnosis
 * ```
 */
export type WithheldReason = 'none' | 'code' | 'linked' | 'label';

/**
 * A resource's current row, without its body.
 *
 * @example
 * ```ts
 * const record: ResourceRecord | undefined = store.current('Condition', 'c1')?.record;
 * record?.patients; // ['p1']
 * ```
 */
export interface ResourceRecord {
  /** Insertion order: the default search order and the tie-break of every sort. */
  readonly seq: number;
  readonly type: string;
  readonly id: string;
  readonly version: number;
  /** ms since the epoch. */
  readonly lastUpdated: number;
  readonly deleted: boolean;
  /** The Patient ids whose compartment holds the resource (its own id for a Patient). */
  readonly patients: readonly string[];
  /** The ODS code of the organisation the record came from (`meta.source`), if known. */
  readonly sourceOds: string | null;
  readonly withheld: WithheldReason;
}

/**
 * One stored version of a resource.
 *
 * @example
 * ```ts
 * const first: StoredVersion | undefined = store.version('Patient', 'p1', 1);
 * ```
 */
export interface StoredVersion {
  readonly type: string;
  readonly id: string;
  readonly version: number;
  readonly lastUpdated: number;
  readonly deleted: boolean;
  /** The resource JSON; null for a deletion. */
  readonly json: string | null;
}

/** A Type 1 objection or withdrawal code found in a patient's record. */
export interface Type1Row {
  readonly meaning: 'objection' | 'withdrawal';
  readonly date: string | null;
}

/** A local sharing decision read from a Consent. */
export interface SharingRow {
  readonly type: 'deny' | 'permit';
  readonly active: boolean;
  readonly dateTime: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
}

/** What the server derives from a resource when it is written. */
export interface DerivedData {
  readonly index: IndexRows;
  readonly patients: readonly string[];
  readonly sourceOds: string | null;
  readonly type1: Type1Row | undefined;
  readonly sharing: SharingRow | undefined;
}

/**
 * A resource to write, its JSON already carrying `meta.versionId` and `meta.lastUpdated`.
 *
 * @example
 * ```ts
 * store.transaction((writer) => writer.put({ type: 'Patient', id: 'p1', version: 1, lastUpdated: Date.now(), json, derived }));
 * ```
 */
export interface PutInput {
  readonly type: string;
  readonly id: string;
  readonly version: number;
  readonly lastUpdated: number;
  readonly json: string;
  readonly derived: DerivedData;
}

/**
 * The write side, available inside {@link ResourceStore.transaction}.
 *
 * @example
 * ```ts
 * store.transaction((writer: StoreWriter) => writer.setWithheld(seq, 'code'));
 * ```
 */
export interface StoreWriter {
  current(
    type: string,
    id: string,
  ): { readonly record: ResourceRecord; readonly json: string | null } | undefined;
  search(spec: SearchSpec): ResourceRecord[];
  put(input: PutInput): ResourceRecord;
  remove(type: string, id: string, version: number, lastUpdated: number): ResourceRecord;
  /** The current bodies of every resource in a patient's compartment. */
  compartmentBodies(
    patientId: string,
  ): { readonly record: ResourceRecord; readonly json: string }[];
  setWithheld(seq: number, reason: WithheldReason): void;
  setNationalOptOut(
    entries: readonly { readonly nhsNumber: string; readonly optedOut: boolean }[],
    asOf: string,
  ): void;
}

/**
 * The storage the server runs on: a small synchronous interface, so that every transaction is
 * atomic with respect to concurrent requests on Node's single thread. SQLite implements it
 * (`createSqliteStore`); a PostgreSQL store would implement the same shape behind an async queue.
 *
 * @example
 * ```ts
 * const store: ResourceStore = createSqliteStore({ path: ':memory:' });
 * ```
 */
export interface ResourceStore {
  readonly kind: string;
  /** Increases with every committed write; caches key on it. */
  readonly generation: number;
  current(
    type: string,
    id: string,
  ): { readonly record: ResourceRecord; readonly json: string | null } | undefined;
  version(type: string, id: string, version: number): StoredVersion | undefined;
  /** Versions newest first, for history (all types when `type` is undefined). */
  history(
    scope: { readonly type?: string; readonly id?: string; readonly since?: number },
    limit: number,
  ): StoredVersion[];
  search(spec: SearchSpec): ResourceRecord[];
  /** Current, not deleted records for the given keys. */
  records(keys: readonly { readonly type: string; readonly id: string }[]): ResourceRecord[];
  bodies(seqs: readonly number[]): ReadonlyMap<number, string>;
  /** Current records of a patient's compartment, in insertion order. */
  compartment(
    patientId: string,
    options?: { readonly types?: readonly string[]; readonly since?: number },
  ): ResourceRecord[];
  /** Records of the given types (all when undefined), in insertion order, for exports. */
  scan(options: {
    readonly types?: readonly string[];
    readonly since?: number;
    readonly patients?: readonly string[];
  }): ResourceRecord[];
  /** Which of `patientIds` have at least one withheld record. */
  patientsWithWithheld(patientIds: readonly string[]): ReadonlySet<string>;
  patientNhsNumber(patientId: string): string | undefined;
  type1Rows(patientId: string): Type1Row[];
  sharingRows(patientId: string): SharingRow[];
  /** `true` opted out, `false` not, `undefined` no register entry. */
  nationalOptOut(nhsNumber: string): boolean | undefined;
  nationalOptOutAsOf(): string | undefined;
  /** ODS codes of the organisations any Patient names as its GP practice. */
  gpPracticeOds(): ReadonlySet<string>;
  transaction<T>(fn: (writer: StoreWriter) => T): T;
  close(): void;
}
