import Database from 'better-sqlite3';
import { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM } from '@lhcr/models';
import { ReferenceServerError } from '../errors';
import type { DateCriterion, SearchCondition, SearchSpec, SortKey } from '../fhir/search-query';
import type {
  PutInput,
  ResourceRecord,
  ResourceStore,
  SharingRow,
  StoreWriter,
  StoredVersion,
  Type1Row,
  WithheldReason,
} from './store';

const SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
  seq INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  last_updated INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  json TEXT,
  patients TEXT NOT NULL DEFAULT '',
  source_ods TEXT,
  withheld INTEGER NOT NULL DEFAULT 0,
  UNIQUE (type, id)
);
CREATE INDEX IF NOT EXISTS resources_type_updated ON resources (type, last_updated);
CREATE TABLE IF NOT EXISTS versions (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  last_updated INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  json TEXT,
  PRIMARY KEY (type, id, version)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS versions_updated ON versions (last_updated);
CREATE TABLE IF NOT EXISTS idx_token (seq INTEGER NOT NULL, param TEXT NOT NULL, system TEXT, code TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS idx_token_lookup ON idx_token (param, code, system);
CREATE INDEX IF NOT EXISTS idx_token_seq ON idx_token (seq);
CREATE TABLE IF NOT EXISTS idx_string (seq INTEGER NOT NULL, param TEXT NOT NULL, value TEXT NOT NULL, exact TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS idx_string_lookup ON idx_string (param, value);
CREATE INDEX IF NOT EXISTS idx_string_seq ON idx_string (seq);
CREATE TABLE IF NOT EXISTS idx_date (seq INTEGER NOT NULL, param TEXT NOT NULL, low INTEGER NOT NULL, high INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS idx_date_seq ON idx_date (seq, param);
CREATE TABLE IF NOT EXISTS idx_ref (
  seq INTEGER NOT NULL, param TEXT NOT NULL, target_type TEXT, target_id TEXT, url TEXT,
  identifier_system TEXT, identifier_value TEXT
);
CREATE INDEX IF NOT EXISTS idx_ref_lookup ON idx_ref (param, target_id);
CREATE INDEX IF NOT EXISTS idx_ref_seq ON idx_ref (seq);
CREATE TABLE IF NOT EXISTS resource_patients (patient_id TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (patient_id, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS resource_patients_seq ON resource_patients (seq);
CREATE TABLE IF NOT EXISTS type1_evidence (seq INTEGER NOT NULL, patient_id TEXT NOT NULL, meaning TEXT NOT NULL, date TEXT);
CREATE INDEX IF NOT EXISTS type1_patient ON type1_evidence (patient_id);
CREATE INDEX IF NOT EXISTS type1_seq ON type1_evidence (seq);
CREATE TABLE IF NOT EXISTS sharing_decisions (
  seq INTEGER NOT NULL, patient_id TEXT NOT NULL, type TEXT NOT NULL, active INTEGER NOT NULL,
  date_time TEXT, period_start TEXT, period_end TEXT
);
CREATE INDEX IF NOT EXISTS sharing_patient ON sharing_decisions (patient_id);
CREATE INDEX IF NOT EXISTS sharing_seq ON sharing_decisions (seq);
CREATE TABLE IF NOT EXISTS national_optout (nhs_number TEXT PRIMARY KEY, opted_out INTEGER NOT NULL) WITHOUT ROWID;
`;

const WITHHELD: readonly WithheldReason[] = ['none', 'code', 'linked', 'label'];

interface ResourceRow {
  seq: number;
  type: string;
  id: string;
  version: number;
  last_updated: number;
  deleted: number;
  patients: string;
  source_ods: string | null;
  withheld: number;
}

interface VersionRow {
  type: string;
  id: string;
  version: number;
  last_updated: number;
  deleted: number;
  json: string | null;
}

const RECORD_COLUMNS =
  'r.seq, r.type, r.id, r.version, r.last_updated, r.deleted, r.patients, r.source_ods, r.withheld';

function toRecord(row: ResourceRow): ResourceRecord {
  return {
    seq: row.seq,
    type: row.type,
    id: row.id,
    version: row.version,
    lastUpdated: row.last_updated,
    deleted: row.deleted === 1,
    patients: row.patients === '' ? [] : row.patients.split(' '),
    sourceOds: row.source_ods,
    withheld: WITHHELD[row.withheld] ?? 'none',
  };
}

function toVersion(row: VersionRow): StoredVersion {
  return {
    type: row.type,
    id: row.id,
    version: row.version,
    lastUpdated: row.last_updated,
    deleted: row.deleted === 1,
    json: row.json,
  };
}

type SqlValue = string | number | null;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

const DAY_MS = 86_400_000;

function dateSql(low: string, high: string, criterion: DateCriterion, params: SqlValue[]): string {
  const { prefix } = criterion;
  switch (prefix) {
    case 'eq':
      params.push(criterion.low, criterion.high);
      return `(${low} >= ? AND ${high} <= ?)`;
    case 'ne':
      params.push(criterion.low, criterion.high);
      return `NOT (${low} >= ? AND ${high} <= ?)`;
    case 'gt':
      params.push(criterion.high);
      return `${high} > ?`;
    case 'lt':
      params.push(criterion.low);
      return `${low} < ?`;
    case 'ge':
      params.push(criterion.low);
      return `${high} >= ?`;
    case 'le':
      params.push(criterion.high);
      return `${low} <= ?`;
    case 'sa':
      params.push(criterion.high);
      return `${low} > ?`;
    case 'eb':
      params.push(criterion.low);
      return `${high} < ?`;
    case 'ap': {
      const margin = Math.max(DAY_MS, Math.abs(Date.now() - criterion.low) * 0.1);
      params.push(criterion.high + margin, criterion.low - margin);
      return `(${low} <= ? AND ${high} >= ?)`;
    }
  }
}

function conditionSql(condition: SearchCondition, params: SqlValue[]): string {
  switch (condition.kind) {
    case 'id':
      params.push(...condition.ids);
      return `r.id IN (${condition.ids.map(() => '?').join(', ')})`;
    case 'lastUpdated':
      return `(${condition.values
        .map((criterion) => dateSql('r.last_updated', 'r.last_updated', criterion, params))
        .join(' OR ')})`;
    case 'token': {
      params.push(condition.param);
      const alternatives = condition.values.map((value) => {
        if (value.system === undefined) {
          params.push(value.code ?? '');
          return 't.code = ?';
        }
        if (value.system === null) {
          params.push(value.code ?? '');
          return '(t.code = ? AND t.system IS NULL)';
        }
        if (value.code === undefined) {
          params.push(value.system);
          return 't.system = ?';
        }
        params.push(value.code, value.system);
        return '(t.code = ? AND t.system = ?)';
      });
      const exists = `EXISTS (SELECT 1 FROM idx_token t WHERE t.seq = r.seq AND t.param = ? AND (${alternatives.join(' OR ')}))`;
      return condition.not ? `NOT ${exists}` : exists;
    }
    case 'string': {
      params.push(condition.param);
      const alternatives = condition.values.map((value) => {
        if (condition.match === 'exact') {
          params.push(value);
          return 's.exact = ?';
        }
        params.push(
          condition.match === 'prefix' ? `${escapeLike(value)}%` : `%${escapeLike(value)}%`,
        );
        return "s.value LIKE ? ESCAPE '\\'";
      });
      return `EXISTS (SELECT 1 FROM idx_string s WHERE s.seq = r.seq AND s.param = ? AND (${alternatives.join(' OR ')}))`;
    }
    case 'date': {
      params.push(condition.param);
      const alternatives = condition.values.map((criterion) =>
        dateSql('d.low', 'd.high', criterion, params),
      );
      return `EXISTS (SELECT 1 FROM idx_date d WHERE d.seq = r.seq AND d.param = ? AND (${alternatives.join(' OR ')}))`;
    }
    case 'reference': {
      params.push(condition.param);
      const alternatives = condition.values.map((value) => {
        switch (value.kind) {
          case 'local':
            if (value.type === undefined) {
              params.push(value.id);
              return '(x.target_id = ? AND x.url IS NULL)';
            }
            params.push(value.id, value.type);
            return '(x.target_id = ? AND x.target_type = ? AND x.url IS NULL)';
          case 'url':
            params.push(value.url);
            return 'x.url = ?';
          case 'identifier':
            if (value.system === undefined) {
              params.push(value.value);
              return 'x.identifier_value = ?';
            }
            params.push(value.value, value.system);
            return '(x.identifier_value = ? AND x.identifier_system = ?)';
        }
      });
      return `EXISTS (SELECT 1 FROM idx_ref x WHERE x.seq = r.seq AND x.param = ? AND (${alternatives.join(' OR ')}))`;
    }
    case 'missing': {
      const table =
        condition.paramType === 'token'
          ? 'idx_token'
          : condition.paramType === 'string'
            ? 'idx_string'
            : condition.paramType === 'date'
              ? 'idx_date'
              : 'idx_ref';
      params.push(condition.param);
      const exists = `EXISTS (SELECT 1 FROM ${table} m WHERE m.seq = r.seq AND m.param = ?)`;
      return condition.missing ? `NOT ${exists}` : exists;
    }
  }
}

function sortSql(key: SortKey, params: SqlValue[]): string {
  const direction = key.descending ? 'DESC' : 'ASC';
  let expression: string;
  switch (key.paramType) {
    case 'id':
      return `r.id ${direction}`;
    case 'lastUpdated':
      return `r.last_updated ${direction}`;
    case 'date':
      expression = `(SELECT ${key.descending ? 'MAX(high)' : 'MIN(low)'} FROM idx_date WHERE seq = r.seq AND param = ?)`;
      break;
    case 'string':
      expression = `(SELECT ${key.descending ? 'MAX(value)' : 'MIN(value)'} FROM idx_string WHERE seq = r.seq AND param = ?)`;
      break;
    case 'token':
      expression = `(SELECT ${key.descending ? 'MAX(code)' : 'MIN(code)'} FROM idx_token WHERE seq = r.seq AND param = ?)`;
      break;
    case 'reference':
      expression = `(SELECT MIN(target_id) FROM idx_ref WHERE seq = r.seq AND param = ?)`;
      break;
  }
  params.push(key.param, key.param);
  return `(${expression} IS NULL), ${expression} ${direction}`;
}

/** Builds the SQL of a search: the matching current records, in order. */
export function searchSql(spec: SearchSpec): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [spec.type];
  const where = ['r.type = ?', 'r.deleted = 0'];
  for (const condition of spec.conditions) where.push(conditionSql(condition, params));
  const order = spec.sort.map((key) => sortSql(key, params));
  order.push('r.seq ASC');
  return {
    sql: `SELECT ${RECORD_COLUMNS} FROM resources r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}`,
    params,
  };
}

/**
 * Options of {@link createSqliteStore}.
 *
 * @example
 * ```ts
 * const options: SqliteStoreOptions = { path: 'region.db' };
 * ```
 */
export interface SqliteStoreOptions {
  /** A file path, or `:memory:` (the default) for a database that lives as long as the server. */
  readonly path?: string;
}

/**
 * A {@link ResourceStore} on SQLite (better-sqlite3): a file that survives restarts (WAL
 * journal, synchronous NORMAL), or `:memory:`. Transactions are atomic; every call is
 * synchronous, so concurrent requests never interleave inside one.
 *
 * @throws {ReferenceServerError} with code `storage` when the file cannot be opened or holds
 * another schema.
 * @example
 * ```ts
 * const store = createSqliteStore({ path: 'region.db' });
 * store.current('Patient', 'example')?.record.version; // 3
 * store.close();
 * ```
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): ResourceStore {
  const path = options.path ?? ':memory:';
  let db: Database.Database;
  try {
    db = new Database(path);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    const version = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema') as
      { value: string } | undefined;
    if (version === undefined) {
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', SCHEMA_VERSION);
    } else if (version.value !== SCHEMA_VERSION) {
      throw new ReferenceServerError(
        'storage',
        `${path}: database schema ${version.value} is not the one this server uses (${SCHEMA_VERSION}); start with a new file`,
      );
    }
  } catch (error) {
    if (error instanceof ReferenceServerError) throw error;
    throw new ReferenceServerError(
      'storage',
      `cannot open the SQLite database ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      if (statements.size > 500) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };

  let generation = 0;
  let gpCache: { generation: number; value: ReadonlySet<string> } | undefined;

  const currentRow = (
    type: string,
    id: string,
  ): (ResourceRow & { json: string | null }) | undefined =>
    prepare(`SELECT ${RECORD_COLUMNS}, r.json FROM resources r WHERE r.type = ? AND r.id = ?`).get(
      type,
      id,
    ) as (ResourceRow & { json: string | null }) | undefined;

  const current = (
    type: string,
    id: string,
  ): { record: ResourceRecord; json: string | null } | undefined => {
    const row = currentRow(type, id);
    return row === undefined ? undefined : { record: toRecord(row), json: row.json };
  };

  const search = (spec: SearchSpec): ResourceRecord[] => {
    const { sql, params } = searchSql(spec);
    return (prepare(sql).all(...params) as ResourceRow[]).map(toRecord);
  };

  const deleteDerived = (seq: number): void => {
    for (const table of [
      'idx_token',
      'idx_string',
      'idx_date',
      'idx_ref',
      'resource_patients',
      'type1_evidence',
      'sharing_decisions',
    ]) {
      prepare(`DELETE FROM ${table} WHERE seq = ?`).run(seq);
    }
  };

  const writer: StoreWriter = {
    current,
    search,
    put(input: PutInput): ResourceRecord {
      const { derived } = input;
      const existing = currentRow(input.type, input.id);
      const patients = derived.patients.join(' ');
      let seq: number;
      if (existing === undefined) {
        const info = prepare(
          'INSERT INTO resources (type, id, version, last_updated, deleted, json, patients, source_ods, withheld) VALUES (?, ?, ?, ?, 0, ?, ?, ?, 0)',
        ).run(
          input.type,
          input.id,
          input.version,
          input.lastUpdated,
          input.json,
          patients,
          derived.sourceOds,
        );
        seq = Number(info.lastInsertRowid);
      } else {
        seq = existing.seq;
        prepare(
          'UPDATE resources SET version = ?, last_updated = ?, deleted = 0, json = ?, patients = ?, source_ods = ? WHERE seq = ?',
        ).run(input.version, input.lastUpdated, input.json, patients, derived.sourceOds, seq);
        deleteDerived(seq);
      }
      prepare(
        'INSERT INTO versions (type, id, version, last_updated, deleted, json) VALUES (?, ?, ?, ?, 0, ?)',
      ).run(input.type, input.id, input.version, input.lastUpdated, input.json);
      const { index } = derived;
      const token = prepare('INSERT INTO idx_token (seq, param, system, code) VALUES (?, ?, ?, ?)');
      for (const row of index.tokens) token.run(seq, row.param, row.system, row.code);
      const string = prepare(
        'INSERT INTO idx_string (seq, param, value, exact) VALUES (?, ?, ?, ?)',
      );
      for (const row of index.strings) string.run(seq, row.param, row.value, row.exact);
      const date = prepare('INSERT INTO idx_date (seq, param, low, high) VALUES (?, ?, ?, ?)');
      for (const row of index.dates) date.run(seq, row.param, row.low, row.high);
      const reference = prepare(
        'INSERT INTO idx_ref (seq, param, target_type, target_id, url, identifier_system, identifier_value) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const row of index.references) {
        reference.run(
          seq,
          row.param,
          row.targetType,
          row.targetId,
          row.url,
          row.identifierSystem,
          row.identifierValue,
        );
      }
      const member = prepare(
        'INSERT OR IGNORE INTO resource_patients (patient_id, seq) VALUES (?, ?)',
      );
      for (const patient of derived.patients) member.run(patient, seq);
      if (derived.type1 !== undefined) {
        const insert = prepare(
          'INSERT INTO type1_evidence (seq, patient_id, meaning, date) VALUES (?, ?, ?, ?)',
        );
        for (const patient of derived.patients) {
          insert.run(seq, patient, derived.type1.meaning, derived.type1.date);
        }
      }
      if (derived.sharing !== undefined) {
        const insert = prepare(
          'INSERT INTO sharing_decisions (seq, patient_id, type, active, date_time, period_start, period_end) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        const s = derived.sharing;
        for (const patient of derived.patients) {
          insert.run(
            seq,
            patient,
            s.type,
            s.active ? 1 : 0,
            s.dateTime,
            s.periodStart,
            s.periodEnd,
          );
        }
      }
      return toRecord(currentRow(input.type, input.id) as ResourceRow);
    },
    remove(type, id, version, lastUpdated): ResourceRecord {
      const existing = currentRow(type, id);
      if (existing === undefined) {
        throw new ReferenceServerError('internal', `remove: ${type}/${id} does not exist`);
      }
      prepare(
        "UPDATE resources SET version = ?, last_updated = ?, deleted = 1, json = NULL, patients = '', withheld = 0 WHERE seq = ?",
      ).run(version, lastUpdated, existing.seq);
      deleteDerived(existing.seq);
      prepare(
        'INSERT INTO versions (type, id, version, last_updated, deleted, json) VALUES (?, ?, ?, ?, 1, NULL)',
      ).run(type, id, version, lastUpdated);
      return toRecord(currentRow(type, id) as ResourceRow);
    },
    compartmentBodies(patientId) {
      const rows = prepare(
        `SELECT ${RECORD_COLUMNS}, r.json FROM resource_patients p JOIN resources r ON r.seq = p.seq WHERE p.patient_id = ? AND r.deleted = 0 ORDER BY r.seq`,
      ).all(patientId) as (ResourceRow & { json: string })[];
      return rows.map((row) => ({ record: toRecord(row), json: row.json }));
    },
    setWithheld(seq, reason) {
      prepare('UPDATE resources SET withheld = ? WHERE seq = ?').run(WITHHELD.indexOf(reason), seq);
    },
    setNationalOptOut(entries, asOf) {
      const upsert = prepare(
        'INSERT INTO national_optout (nhs_number, opted_out) VALUES (?, ?) ON CONFLICT (nhs_number) DO UPDATE SET opted_out = excluded.opted_out',
      );
      for (const entry of entries) upsert.run(entry.nhsNumber, entry.optedOut ? 1 : 0);
      prepare(
        "INSERT INTO meta (key, value) VALUES ('national_optout_as_of', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(asOf);
    },
  };

  const inClause = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

  const store: ResourceStore = {
    kind: 'sqlite',
    get generation() {
      return generation;
    },
    current,
    version(type, id, version) {
      const row = prepare(
        'SELECT type, id, version, last_updated, deleted, json FROM versions WHERE type = ? AND id = ? AND version = ?',
      ).get(type, id, version) as VersionRow | undefined;
      return row === undefined ? undefined : toVersion(row);
    },
    history(scope, limit) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      if (scope.type !== undefined) {
        where.push('type = ?');
        params.push(scope.type);
      }
      if (scope.id !== undefined) {
        where.push('id = ?');
        params.push(scope.id);
      }
      if (scope.since !== undefined) {
        where.push('last_updated >= ?');
        params.push(scope.since);
      }
      params.push(limit);
      const rows = prepare(
        `SELECT type, id, version, last_updated, deleted, json FROM versions ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY last_updated DESC, version DESC LIMIT ?`,
      ).all(...params) as VersionRow[];
      return rows.map(toVersion);
    },
    search,
    records(keys) {
      const out: ResourceRecord[] = [];
      const statement = prepare(
        `SELECT ${RECORD_COLUMNS} FROM resources r WHERE r.type = ? AND r.id = ? AND r.deleted = 0`,
      );
      for (const key of keys) {
        const row = statement.get(key.type, key.id) as ResourceRow | undefined;
        if (row !== undefined) out.push(toRecord(row));
      }
      return out;
    },
    bodies(seqs) {
      const out = new Map<number, string>();
      for (let start = 0; start < seqs.length; start += 500) {
        const chunk = seqs.slice(start, start + 500);
        const rows = prepare(
          `SELECT seq, json FROM resources WHERE seq IN (${inClause(chunk)}) AND json IS NOT NULL`,
        ).all(...chunk) as { seq: number; json: string }[];
        for (const row of rows) out.set(row.seq, row.json);
      }
      return out;
    },
    compartment(patientId, options = {}) {
      const params: SqlValue[] = [patientId];
      let sql = `SELECT ${RECORD_COLUMNS} FROM resource_patients p JOIN resources r ON r.seq = p.seq WHERE p.patient_id = ? AND r.deleted = 0`;
      if (options.types !== undefined) {
        sql += ` AND r.type IN (${inClause(options.types)})`;
        params.push(...options.types);
      }
      if (options.since !== undefined) {
        sql += ' AND r.last_updated >= ?';
        params.push(options.since);
      }
      return (prepare(`${sql} ORDER BY r.seq`).all(...params) as ResourceRow[]).map(toRecord);
    },
    scan(options) {
      const params: SqlValue[] = [];
      let sql = `SELECT ${RECORD_COLUMNS} FROM resources r WHERE r.deleted = 0`;
      if (options.types !== undefined) {
        sql += ` AND r.type IN (${inClause(options.types)})`;
        params.push(...options.types);
      }
      if (options.since !== undefined) {
        sql += ' AND r.last_updated >= ?';
        params.push(options.since);
      }
      if (options.patients !== undefined) {
        const list = inClause(options.patients);
        sql += ` AND r.seq IN (SELECT seq FROM resource_patients WHERE patient_id IN (${list}))`;
        params.push(...options.patients);
      }
      return (prepare(`${sql} ORDER BY r.seq`).all(...params) as ResourceRow[]).map(toRecord);
    },
    patientsWithWithheld(patientIds) {
      if (patientIds.length === 0) return new Set();
      const rows = prepare(
        `SELECT DISTINCT p.patient_id AS id FROM resource_patients p JOIN resources r ON r.seq = p.seq WHERE r.withheld != 0 AND r.deleted = 0 AND p.patient_id IN (${inClause(patientIds)})`,
      ).all(...patientIds) as { id: string }[];
      return new Set(rows.map((row) => row.id));
    },
    patientNhsNumber(patientId) {
      const row = prepare(
        "SELECT t.code FROM resources r JOIN idx_token t ON t.seq = r.seq AND t.param = 'identifier' AND t.system = ? WHERE r.type = 'Patient' AND r.id = ? AND r.deleted = 0 LIMIT 1",
      ).get(NHS_NUMBER_SYSTEM, patientId) as { code: string } | undefined;
      return row?.code;
    },
    type1Rows(patientId) {
      return (
        prepare('SELECT meaning, date FROM type1_evidence WHERE patient_id = ?').all(patientId) as {
          meaning: string;
          date: string | null;
        }[]
      ).map(
        (row) =>
          ({
            meaning: row.meaning === 'objection' ? 'objection' : 'withdrawal',
            date: row.date,
          }) satisfies Type1Row,
      );
    },
    sharingRows(patientId) {
      return (
        prepare(
          'SELECT type, active, date_time, period_start, period_end FROM sharing_decisions WHERE patient_id = ?',
        ).all(patientId) as {
          type: string;
          active: number;
          date_time: string | null;
          period_start: string | null;
          period_end: string | null;
        }[]
      ).map(
        (row) =>
          ({
            type: row.type === 'deny' ? 'deny' : 'permit',
            active: row.active === 1,
            dateTime: row.date_time,
            periodStart: row.period_start,
            periodEnd: row.period_end,
          }) satisfies SharingRow,
      );
    },
    nationalOptOut(nhsNumber) {
      const row = prepare('SELECT opted_out FROM national_optout WHERE nhs_number = ?').get(
        nhsNumber,
      ) as { opted_out: number } | undefined;
      return row === undefined ? undefined : row.opted_out === 1;
    },
    nationalOptOutAsOf() {
      const row = prepare("SELECT value FROM meta WHERE key = 'national_optout_as_of'").get() as
        { value: string } | undefined;
      return row?.value;
    },
    gpPracticeOds() {
      if (gpCache?.generation === generation) return gpCache.value;
      const rows = prepare(
        `SELECT DISTINCT t.code AS code FROM idx_ref x
         JOIN resources p ON p.seq = x.seq AND p.type = 'Patient' AND p.deleted = 0
         JOIN resources o ON o.type = 'Organization' AND o.id = x.target_id AND o.deleted = 0
         JOIN idx_token t ON t.seq = o.seq AND t.param = 'identifier' AND t.system = ?
         WHERE x.param = 'general-practitioner' AND x.target_type = 'Organization' AND x.url IS NULL`,
      ).all(ODS_ORGANIZATION_SYSTEM) as { code: string }[];
      gpCache = { generation, value: new Set(rows.map((row) => row.code)) };
      return gpCache.value;
    },
    transaction(fn) {
      const run = db.transaction(() => fn(writer));
      try {
        return run.immediate();
      } finally {
        generation += 1;
      }
    },
    close() {
      if (db.open) db.close();
    },
  };
  return store;
}
