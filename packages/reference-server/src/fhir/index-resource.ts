import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { MAX_TIME, MIN_TIME, parseDateRange } from './dates';
import { searchParamsOf } from './search-params';

/** A token index row: `system` is null for codes without one (`status`, `gender`). */
export interface TokenRow {
  readonly param: string;
  readonly system: string | null;
  readonly code: string;
}

/** A string index row: `value` normalised for matching, `exact` as written. */
export interface StringRow {
  readonly param: string;
  readonly value: string;
  readonly exact: string;
}

/** A date index row (ms since the epoch, inclusive). */
export interface DateRow {
  readonly param: string;
  readonly low: number;
  readonly high: number;
}

/** A reference index row. */
export interface ReferenceRow {
  readonly param: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  /** The reference as written when it is not a relative `Type/id`. */
  readonly url: string | null;
  readonly identifierSystem: string | null;
  readonly identifierValue: string | null;
}

/** Everything the search index holds for one resource. */
export interface IndexRows {
  readonly tokens: readonly TokenRow[];
  readonly strings: readonly StringRow[];
  readonly dates: readonly DateRow[];
  readonly references: readonly ReferenceRow[];
}

/** Lower case without accents: how string search compares. */
export function normaliseString(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The values at an element path (arrays flattened, `[x]` choice elements expanded). */
export function valuesAt(resource: JsonObject, path: string): unknown[] {
  let current: unknown[] = [resource];
  for (const step of path.split('.')) {
    const next: unknown[] = [];
    const choice = step.endsWith('[x]') ? step.slice(0, -3) : undefined;
    for (const item of current) {
      if (!isRecord(item)) continue;
      if (choice === undefined) {
        push(next, item[step]);
      } else {
        for (const [key, value] of Object.entries(item)) {
          if (key.startsWith(choice) && /^[A-Z]/.test(key.slice(choice.length))) push(next, value);
        }
      }
    }
    current = next;
  }
  return current;
}

function push(out: unknown[], value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) if (item !== undefined && item !== null) out.push(item);
  } else {
    out.push(value);
  }
}

const TYPED_REFERENCE =
  /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** The type and id a literal reference points to, when it names them. */
export function parseReference(
  reference: string,
): { readonly type: string; readonly id: string; readonly relative: boolean } | undefined {
  if (reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const match = TYPED_REFERENCE.exec(reference);
  if (match === null) return undefined;
  return {
    type: match[1] as string,
    id: match[2] as string,
    relative: !/^[a-z][a-z0-9+.-]*:/i.test(reference),
  };
}

function tokensOf(param: string, value: unknown, out: TokenRow[]): void {
  if (typeof value === 'string') {
    out.push({ param, system: null, code: value });
    return;
  }
  if (typeof value === 'boolean') {
    out.push({ param, system: null, code: String(value) });
    return;
  }
  if (!isRecord(value)) return;
  const coding = value['coding'];
  if (Array.isArray(coding)) {
    for (const item of coding) tokensOf(param, item, out);
    return;
  }
  const system = typeof value['system'] === 'string' ? value['system'] : null;
  const code =
    typeof value['code'] === 'string'
      ? value['code']
      : typeof value['value'] === 'string'
        ? value['value']
        : undefined;
  if (code !== undefined) out.push({ param, system, code });
}

const NAME_PARTS = ['family', 'given', 'prefix', 'suffix', 'text'] as const;
const ADDRESS_PARTS = [
  'line',
  'city',
  'district',
  'state',
  'postalCode',
  'country',
  'text',
] as const;

function stringsOf(param: string, value: unknown, out: StringRow[]): void {
  if (typeof value === 'string') {
    out.push({ param, value: normaliseString(value), exact: value });
    return;
  }
  if (!isRecord(value)) return;
  const parts = 'family' in value || 'given' in value ? NAME_PARTS : ADDRESS_PARTS;
  for (const part of parts) {
    const inner = value[part];
    if (Array.isArray(inner)) for (const item of inner) stringsOf(param, item, out);
    else stringsOf(param, inner, out);
  }
}

function datesOf(param: string, value: unknown, out: DateRow[]): void {
  if (typeof value === 'string') {
    const range = parseDateRange(value);
    if (range !== undefined) out.push({ param, low: range.low, high: range.high });
    return;
  }
  if (!isRecord(value)) return;
  const start = typeof value['start'] === 'string' ? parseDateRange(value['start']) : undefined;
  const end = typeof value['end'] === 'string' ? parseDateRange(value['end']) : undefined;
  if (start === undefined && end === undefined) return;
  out.push({ param, low: start?.low ?? MIN_TIME, high: end?.high ?? MAX_TIME });
}

function referencesOf(
  param: string,
  value: unknown,
  targets: readonly string[] | undefined,
  out: ReferenceRow[],
): void {
  if (!isRecord(value)) return;
  const literal = typeof value['reference'] === 'string' ? value['reference'] : undefined;
  const parsed = literal === undefined ? undefined : parseReference(literal);
  const identifier = isRecord(value['identifier']) ? value['identifier'] : undefined;
  const identifierSystem =
    identifier !== undefined && typeof identifier['system'] === 'string'
      ? identifier['system']
      : null;
  const identifierValue =
    identifier !== undefined && typeof identifier['value'] === 'string'
      ? identifier['value']
      : null;
  const declared = typeof value['type'] === 'string' ? value['type'] : undefined;
  const targetType = parsed?.type ?? declared ?? null;
  if (targets !== undefined && (targetType === null || !targets.includes(targetType))) return;
  if (literal === undefined && identifierValue === null) return;
  out.push({
    param,
    targetType,
    targetId: parsed?.id ?? null,
    url: literal !== undefined && parsed?.relative !== true ? literal : null,
    identifierSystem,
    identifierValue,
  });
}

/** The search index rows of a resource, from the parameter table of its type. */
export function indexResource(resource: JsonObject): IndexRows {
  const type = typeof resource['resourceType'] === 'string' ? resource['resourceType'] : '';
  const tokens: TokenRow[] = [];
  const strings: StringRow[] = [];
  const dates: DateRow[] = [];
  const references: ReferenceRow[] = [];
  for (const param of searchParamsOf(type)) {
    for (const path of param.paths) {
      for (const value of valuesAt(resource, path)) {
        switch (param.type) {
          case 'token':
            tokensOf(param.name, value, tokens);
            break;
          case 'string':
            stringsOf(param.name, value, strings);
            break;
          case 'date':
            datesOf(param.name, value, dates);
            break;
          case 'reference':
            referencesOf(param.name, value, param.targets, references);
            break;
        }
      }
    }
  }
  return { tokens, strings, dates, references };
}
