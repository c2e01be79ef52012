import type { DefectSet } from '../defects';
import { fail, sanitiseToken } from '../http/outcome';
import { parseDateRange } from './dates';
import { normaliseString, parseReference } from './index-resource';
import { searchParam, searchParamsOf } from './search-params';
import type { SearchParamType } from './search-params';

/** A date search prefix (https://hl7.org/fhir/R4/search.html#prefix). */
export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

const DATE_PREFIXES: readonly DatePrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];

/** One date value of a search, as a range with its prefix. */
export interface DateCriterion {
  readonly prefix: DatePrefix;
  readonly low: number;
  readonly high: number;
}

/**
 * One token value: `system` undefined matches any system, null matches codes without one;
 * `code` undefined matches any code of the system (`system|`).
 */
export interface TokenValue {
  readonly system: string | null | undefined;
  readonly code: string | undefined;
}

/** One reference value. */
export type ReferenceValue =
  | { readonly kind: 'local'; readonly type: string | undefined; readonly id: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'identifier'; readonly system: string | undefined; readonly value: string };

/** One condition: every condition of a search must hold; the values within one are ORed. */
export type SearchCondition =
  | { readonly kind: 'id'; readonly ids: readonly string[] }
  | { readonly kind: 'lastUpdated'; readonly values: readonly DateCriterion[] }
  | {
      readonly kind: 'token';
      readonly param: string;
      readonly values: readonly TokenValue[];
      readonly not: boolean;
    }
  | {
      readonly kind: 'string';
      readonly param: string;
      readonly values: readonly string[];
      readonly match: 'prefix' | 'exact' | 'contains';
    }
  | { readonly kind: 'date'; readonly param: string; readonly values: readonly DateCriterion[] }
  | {
      readonly kind: 'reference';
      readonly param: string;
      readonly values: readonly ReferenceValue[];
    }
  | {
      readonly kind: 'missing';
      readonly param: string;
      readonly paramType: SearchParamType;
      readonly missing: boolean;
    };

/** A sort key: `_id`, `_lastUpdated` or an indexed parameter of the type. */
export interface SortKey {
  readonly param: string;
  readonly paramType: SearchParamType | 'id' | 'lastUpdated';
  readonly descending: boolean;
}

/** What the store runs: one type's conditions and order. */
export interface SearchSpec {
  readonly type: string;
  readonly conditions: readonly SearchCondition[];
  readonly sort: readonly SortKey[];
}

/** An `_include`: the reference parameter of the source type, and an optional target type. */
export interface IncludeSpec {
  readonly sourceType: string;
  readonly param: string;
  readonly targetType: string | undefined;
  readonly text: string;
}

/** A parsed search request. */
export interface ParsedSearch {
  readonly spec: SearchSpec;
  /** The page size asked for (already clamped), or 0 for a count only. */
  readonly count: number;
  readonly includes: readonly IncludeSpec[];
  /** The parameters applied, for the self link (name, value). */
  readonly applied: readonly (readonly [string, string])[];
  /** Parameters ignored under `Prefer: handling=lenient`. */
  readonly ignored: readonly string[];
  /** The Patient ids the search is confined to through `patient` or `subject`, if any. */
  readonly patientScope: readonly string[] | undefined;
}

/** Settings of {@link parseSearch}. */
export interface SearchParseSettings {
  readonly baseUrl: string;
  readonly defaultCount: number;
  readonly maxCount: number;
  readonly lenient: boolean;
  readonly defects: DefectSet;
}

/** Parameters handled elsewhere or harmless to accept. */
const IGNORED_CONTROL = new Set(['_format', '_pretty', '_total']);
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

function splitValues(value: string): string[] {
  // Commas separate values; `\,` is a literal comma.
  const out: string[] = [];
  let current = '';
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index] as string;
    if (char === '\\' && index + 1 < value.length) {
      current += value[index + 1] as string;
      index += 1;
    } else if (char === ',') {
      out.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  out.push(current);
  return out;
}

function splitToken(value: string): TokenValue {
  const bar = value.indexOf('|');
  if (bar < 0) return { system: undefined, code: value };
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  return {
    system: system === '' ? null : system,
    code: code === '' ? undefined : code,
  };
}

function parseDateValue(raw: string, name: string, ignoreInvalid: boolean): DateCriterion[] {
  const prefixed = /^([a-z]{2})(.*)$/.exec(raw);
  let prefix: DatePrefix = 'eq';
  let text = raw;
  if (prefixed !== null && DATE_PREFIXES.includes(prefixed[1] as DatePrefix)) {
    prefix = prefixed[1] as DatePrefix;
    text = prefixed[2] as string;
  }
  const range = parseDateRange(text);
  if (range === undefined) {
    if (ignoreInvalid) return [];
    throw fail.invalidSearch(
      `The value of search parameter ${name} is not a FHIR date with an optional prefix (eq, ne, gt, lt, ge, le, sa, eb, ap), such as ge2024-03 or 2024-03-01T10:00:00Z`,
    );
  }
  return [{ prefix, low: range.low, high: range.high }];
}

function parseReferenceValue(
  raw: string,
  typeModifier: string | undefined,
  baseUrl: string,
  name: string,
  ignoreInvalid: boolean,
): ReferenceValue[] {
  if (raw === '') {
    if (ignoreInvalid) return [];
    throw fail.invalidSearch(`Search parameter ${name} has an empty value`);
  }
  if (raw.startsWith(`${baseUrl}/`)) {
    const parsed = parseReference(raw);
    if (parsed !== undefined) return [{ kind: 'local', type: parsed.type, id: parsed.id }];
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return [{ kind: 'url', url: raw }];
  const parsed = parseReference(raw);
  if (parsed !== undefined) {
    if (typeModifier !== undefined && parsed.type !== typeModifier) {
      throw fail.invalidSearch(
        `Search parameter ${name}:${sanitiseToken(typeModifier)} names a reference of another type`,
      );
    }
    return [{ kind: 'local', type: parsed.type, id: parsed.id }];
  }
  if (ID_PATTERN.test(raw)) return [{ kind: 'local', type: typeModifier, id: raw }];
  if (ignoreInvalid) return [];
  throw fail.invalidSearch(
    `The value of search parameter ${name} is not a reference (an id, Type/id or an absolute URL)`,
  );
}

function parseSort(value: string, type: string): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of value.split(',')) {
    const descending = part.startsWith('-');
    const name = descending ? part.slice(1) : part;
    if (name === '_id') keys.push({ param: '_id', paramType: 'id', descending });
    else if (name === '_lastUpdated') {
      keys.push({ param: '_lastUpdated', paramType: 'lastUpdated', descending });
    } else {
      const def = searchParam(type, name);
      if (def === undefined || def.type === 'reference') {
        throw fail.invalidSearch(
          `_sort: ${sanitiseToken(name)} is not a sortable search parameter of ${type}`,
        );
      }
      keys.push({ param: name, paramType: def.type, descending });
    }
  }
  return keys;
}

function parseCount(value: string, settings: SearchParseSettings): number {
  if (!/^\d{1,9}$/.test(value)) {
    throw fail.invalidSearch('_count must be a whole number of 0 or more');
  }
  return Math.min(Number(value), settings.maxCount);
}

function parseInclude(value: string, type: string): IncludeSpec {
  const parts = value.split(':');
  const [sourceType, param, targetType] = parts;
  if (parts.length < 2 || parts.length > 3 || sourceType !== type || param === undefined) {
    throw fail.invalidSearch(
      `_include must be ${type}:<reference parameter>[:<target type>]; found ${sanitiseToken(value)}`,
    );
  }
  const def = searchParam(type, param);
  if (def?.type !== 'reference') {
    throw fail.invalidSearch(
      `_include: ${sanitiseToken(param)} is not a reference parameter of ${type}`,
    );
  }
  return { sourceType: type, param, targetType, text: value };
}

/**
 * Parses the parameters of a search of `type` (query and form pairs), checking every name,
 * modifier and value. Unknown parameters and modifiers are refused with 400 unless `lenient`;
 * values that cannot be parsed are always refused (LHCR-ERR-03).
 */
export function parseSearch(
  type: string,
  pairs: readonly (readonly [string, string])[],
  settings: SearchParseSettings,
): ParsedSearch {
  const { defects } = settings;
  const ignoreInvalid = defects.has('ignore-invalid-search-values');
  const conditions: SearchCondition[] = [];
  const applied: [string, string][] = [];
  const ignored: string[] = [];
  const includes: IncludeSpec[] = [];
  let sort: SortKey[] = [];
  let count = settings.defaultCount;
  let patientScope: string[] | undefined;
  const reject = (name: string, why: string): void => {
    if (settings.lenient) {
      ignored.push(name);
      return;
    }
    throw fail.invalidSearch(`${why} (send Prefer: handling=lenient to have it ignored)`);
  };

  for (const [rawName, value] of pairs) {
    const name = rawName.trim();
    if (IGNORED_CONTROL.has(name)) continue;
    if (name === '_count') {
      count = parseCount(value, settings);
      applied.push([name, String(count)]);
      continue;
    }
    if (name === '_sort') {
      sort = parseSort(value, type);
      applied.push([name, value]);
      continue;
    }
    if (name === '_include') {
      includes.push(parseInclude(value, type));
      applied.push([name, value]);
      continue;
    }
    if (name === '_summary') {
      if (value === 'count') {
        count = 0;
        applied.push([name, value]);
      } else {
        reject(name, `_summary=${sanitiseToken(value)} is not supported; only _summary=count is`);
      }
      continue;
    }
    const colon = name.indexOf(':');
    const base = colon < 0 ? name : name.slice(0, colon);
    const modifier = colon < 0 ? undefined : name.slice(colon + 1);
    if (base === '_id') {
      if (modifier !== undefined) {
        reject(name, `The modifier :${sanitiseToken(modifier)} is not supported on _id`);
        continue;
      }
      const ids = splitValues(value);
      if (ids.some((id) => !ID_PATTERN.test(id))) {
        if (ignoreInvalid) continue;
        throw fail.invalidSearch('_id values must be FHIR ids');
      }
      conditions.push({ kind: 'id', ids });
      applied.push([name, value]);
      continue;
    }
    if (base === '_lastUpdated') {
      if (modifier !== undefined) {
        reject(name, `The modifier :${sanitiseToken(modifier)} is not supported on _lastUpdated`);
        continue;
      }
      const values = splitValues(value).flatMap((part) =>
        parseDateValue(part, '_lastUpdated', ignoreInvalid),
      );
      if (values.length === 0 || defects.has('last-updated-ignored')) continue;
      conditions.push({ kind: 'lastUpdated', values });
      applied.push([name, value]);
      continue;
    }
    if (base.startsWith('_') || base.includes('.')) {
      reject(base, `The search parameter ${sanitiseToken(base)} is not supported`);
      continue;
    }
    const def = searchParam(type, base);
    if (def === undefined) {
      reject(
        name,
        `${sanitiseToken(base)} is not a search parameter of ${type}; supported: _id, _lastUpdated, ${searchParamsOf(
          type,
        )
          .map((param) => param.name)
          .join(', ')}`,
      );
      continue;
    }
    if (modifier === 'missing') {
      if (value !== 'true' && value !== 'false') {
        if (ignoreInvalid) continue;
        throw fail.invalidSearch(`${def.name}:missing must be true or false`);
      }
      conditions.push({
        kind: 'missing',
        param: def.name,
        paramType: def.type,
        missing: value === 'true',
      });
      applied.push([name, value]);
      continue;
    }
    const values = splitValues(value);
    switch (def.type) {
      case 'token': {
        if (modifier !== undefined && modifier !== 'not') {
          reject(name, `The modifier :${sanitiseToken(modifier)} is not supported on ${def.name}`);
          continue;
        }
        const tokens = values.map(splitToken);
        if (tokens.some((token) => token.code === undefined && token.system === undefined)) {
          if (ignoreInvalid) continue;
          throw fail.invalidSearch(`Search parameter ${def.name} has an empty value`);
        }
        if (
          type === 'Patient' &&
          def.name === 'identifier' &&
          defects.has('identifier-search-ignored')
        ) {
          continue;
        }
        conditions.push({
          kind: 'token',
          param: def.name,
          values: tokens,
          not: modifier === 'not',
        });
        break;
      }
      case 'string': {
        if (modifier !== undefined && modifier !== 'exact' && modifier !== 'contains') {
          reject(name, `The modifier :${sanitiseToken(modifier)} is not supported on ${def.name}`);
          continue;
        }
        const match =
          modifier === 'exact' ? 'exact' : modifier === 'contains' ? 'contains' : 'prefix';
        conditions.push({
          kind: 'string',
          param: def.name,
          values: match === 'exact' ? values : values.map(normaliseString),
          match,
        });
        break;
      }
      case 'date': {
        if (modifier !== undefined) {
          reject(name, `The modifier :${sanitiseToken(modifier)} is not supported on ${def.name}`);
          continue;
        }
        let criteria = values.flatMap((part) => parseDateValue(part, def.name, ignoreInvalid));
        if (criteria.length === 0) continue;
        if (defects.has('date-prefix-ignored')) {
          criteria = criteria.map((criterion) => ({ ...criterion, prefix: 'eq' }));
        }
        conditions.push({ kind: 'date', param: def.name, values: criteria });
        break;
      }
      case 'reference': {
        let references: ReferenceValue[];
        if (modifier === 'identifier') {
          references = values.map((part) => {
            const token = splitToken(part);
            return {
              kind: 'identifier',
              system: token.system ?? undefined,
              value: token.code ?? '',
            };
          });
        } else {
          if (modifier !== undefined && !/^[A-Z][A-Za-z]+$/.test(modifier)) {
            reject(
              name,
              `The modifier :${sanitiseToken(modifier)} is not supported on ${def.name}`,
            );
            continue;
          }
          const targetType = modifier ?? (def.targets?.length === 1 ? def.targets[0] : undefined);
          references = values.flatMap((part) =>
            parseReferenceValue(part, targetType, settings.baseUrl, def.name, ignoreInvalid),
          );
          if (type === 'AuditEvent' && def.name === 'agent' && modifier === undefined) {
            // Clients are agents by their client id (an identifier): a bare id matches it too.
            for (const part of values) {
              if (ID_PATTERN.test(part))
                references.push({ kind: 'identifier', system: undefined, value: part });
            }
          }
        }
        if (references.length === 0) continue;
        const patients = references
          .filter((ref) => ref.kind === 'local' && (ref.type ?? 'Patient') === 'Patient')
          .map((ref) => (ref.kind === 'local' ? ref.id : ''));
        const patientParam =
          (def.name === 'patient' || def.name === 'subject') && type !== 'AuditEvent';
        if (patientParam && patients.length === references.length) {
          patientScope =
            patientScope === undefined
              ? patients
              : patientScope.filter((id) => patients.includes(id));
          if (defects.has('patient-search-ignored')) continue;
        }
        if (
          type === 'AuditEvent' &&
          def.name === 'patient' &&
          defects.has('audit-search-ignores-patient')
        ) {
          continue;
        }
        conditions.push({ kind: 'reference', param: def.name, values: references });
        break;
      }
    }
    applied.push([name, value]);
  }

  const effective =
    defects.has('ignore-search-combination') && conditions.length > 1
      ? conditions.slice(0, 1)
      : conditions;
  return {
    spec: { type, conditions: effective, sort },
    count,
    includes,
    applied,
    ignored,
    patientScope,
  };
}
