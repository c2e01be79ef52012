import { asArray, field, isObject, stringField } from './fhir-values';
import type { Json } from './fhir-values';

/**
 * The range of a FHIR date, dateTime, instant or Period, in ms since the epoch: `[start, end)`.
 * `local` ranges have no timezone (dates and partial dates), so where they fall depends on the
 * server's timezone; they are computed as if it were UTC.
 */
export interface DateRange {
  readonly start: number;
  readonly end: number;
  readonly local: boolean;
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** FHIR allows timezone offsets from -12:00 to +14:00; a local value may fall anywhere in this window. */
const TIMEZONE_WINDOW_MS = 14 * 3_600_000;

/** The range of one FHIR date, dateTime or instant string; `undefined` when it is not one. */
export function dateRange(value: string): DateRange | undefined {
  const match = DATE.exec(value);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  if (mo === undefined) {
    return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1), local: true };
  }
  const month = Number(mo) - 1;
  if (month < 0 || month > 11) return undefined;
  if (d === undefined) {
    return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1), local: true };
  }
  const day = Number(d);
  if (day < 1 || day > 31) return undefined;
  if (h === undefined) {
    return { start: Date.UTC(year, month, day), end: Date.UTC(year, month, day + 1), local: true };
  }
  const base = Date.UTC(year, month, day, Number(h), Number(mi), Number(s ?? '0'));
  const fractionMs = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000;
  const precision =
    s === undefined
      ? 60_000
      : fraction === undefined
        ? 1000
        : 10 ** (3 - Math.min(fraction.length, 3));
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  const start = base + fractionMs - offset;
  return { start, end: start + precision, local: zone === undefined };
}

/** The range of a FHIR value that can be searched as a date: a string or a Period. */
export function valueRange(value: unknown): DateRange | undefined {
  if (typeof value === 'string') return dateRange(value);
  if (!isObject(value)) return undefined;
  const start = stringField(value, 'start');
  const end = stringField(value, 'end');
  if (start === undefined && end === undefined) return undefined;
  const from = start === undefined ? undefined : dateRange(start);
  const to = end === undefined ? undefined : dateRange(end);
  if ((start !== undefined && from === undefined) || (end !== undefined && to === undefined)) {
    return undefined;
  }
  return {
    start: from?.start ?? Number.NEGATIVE_INFINITY,
    end: to?.end ?? Number.POSITIVE_INFINITY,
    local: (from?.local ?? false) || (to?.local ?? false),
  };
}

/** The date prefixes the suite checks. */
export type DatePrefix = 'eq' | 'ge' | 'le' | 'gt' | 'lt';

/**
 * For which shifts `delta` of the search range the prefix matches the target: an interval
 * `[low, high]` (ends may be infinite; `open` ends exclude the bound).
 */
function matchInterval(
  prefix: DatePrefix,
  search: DateRange,
  target: DateRange,
): { low: number; high: number; lowOpen: boolean; highOpen: boolean } {
  switch (prefix) {
    case 'eq':
      return {
        low: target.end - search.end,
        high: target.start - search.start,
        lowOpen: false,
        highOpen: false,
      };
    case 'gt':
      return {
        low: Number.NEGATIVE_INFINITY,
        high: target.end - search.end,
        lowOpen: true,
        highOpen: true,
      };
    case 'lt':
      return {
        low: target.start - search.start,
        high: Number.POSITIVE_INFINITY,
        lowOpen: true,
        highOpen: true,
      };
    case 'ge':
      return {
        low: Number.NEGATIVE_INFINITY,
        high: target.end - search.start,
        lowOpen: true,
        highOpen: true,
      };
    case 'le':
      return {
        low: target.start - search.end,
        high: Number.POSITIVE_INFINITY,
        lowOpen: true,
        highOpen: true,
      };
  }
}

function contains(
  interval: { low: number; high: number; lowOpen: boolean; highOpen: boolean },
  delta: number,
): boolean {
  const aboveLow = interval.lowOpen ? delta > interval.low : delta >= interval.low;
  const belowHigh = interval.highOpen ? delta < interval.high : delta <= interval.high;
  return aboveLow && belowHigh;
}

/**
 * Whether a target range matches a date search with FHIR's range semantics: `true` or `false`
 * when that holds in every timezone the server could be in, `undefined` when it depends on it.
 *
 * @see https://hl7.org/fhir/R4/search.html#date
 */
export function dateMatches(
  prefix: DatePrefix,
  search: DateRange,
  target: DateRange,
): boolean | undefined {
  const interval = matchInterval(prefix, search, target);
  if (search.local === target.local) return contains(interval, 0);
  const window = TIMEZONE_WINDOW_MS;
  const whole = contains(interval, -window) && contains(interval, window) && contains(interval, 0);
  if (whole) return true;
  // The set of matching shifts is an interval: none of the window matches when it misses it.
  const missesBelow = interval.high < -window || (interval.highOpen && interval.high <= -window);
  const missesAbove = interval.low > window || (interval.lowOpen && interval.low >= window);
  const empty = interval.low > interval.high;
  return missesBelow || missesAbove || empty ? false : undefined;
}

/** Where each date search parameter of the blueprint looks, per resource type (FHIR R4 definitions). */
const DATE_ELEMENTS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Encounter: { date: ['period'] },
  Observation: { date: ['effectiveDateTime', 'effectivePeriod', 'effectiveInstant'] },
  Procedure: { date: ['performedDateTime', 'performedPeriod'] },
  Immunization: { date: ['occurrenceDateTime'] },
  DocumentReference: { date: ['date'] },
  MedicationRequest: { authoredon: ['authoredOn'] },
  MedicationStatement: { effective: ['effectiveDateTime', 'effectivePeriod'] },
  Condition: { 'recorded-date': ['recordedDate'], 'onset-date': ['onsetDateTime', 'onsetPeriod'] },
  AuditEvent: { date: ['recorded'] },
  Patient: { birthdate: ['birthDate'] },
  Flag: { date: ['period'] },
};

/** The values a date search parameter looks at in a resource; `undefined` when the suite does not know the parameter. */
export function dateValuesOf(resource: Json, parameter: string): readonly unknown[] | undefined {
  if (parameter === '_lastUpdated') return asArray(field(resource['meta'], 'lastUpdated'));
  const type = resource['resourceType'];
  const elements = typeof type === 'string' ? DATE_ELEMENTS[type]?.[parameter] : undefined;
  if (elements === undefined) return undefined;
  return elements.flatMap((element) => asArray(resource[element]));
}

/**
 * Whether a resource matches `parameter=<prefix><value>`: any of its values matching is a match.
 * `undefined` when that depends on the server's timezone or a value cannot be read.
 */
export function resourceMatchesDate(
  resource: Json,
  parameter: string,
  prefix: DatePrefix,
  value: string,
): boolean | undefined {
  const search = dateRange(value);
  const values = dateValuesOf(resource, parameter);
  if (search === undefined || values === undefined) return undefined;
  let unknown = false;
  for (const item of values) {
    const range = valueRange(item);
    if (range === undefined) {
      unknown = true;
      continue;
    }
    const matched = dateMatches(prefix, search, range);
    if (matched === true) return true;
    if (matched === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

/** A search value for a date value of a resource: the value itself, or a Period's start. */
export function searchValueOf(value: unknown): string | undefined {
  if (typeof value === 'string') return dateRange(value) === undefined ? undefined : value;
  const start = stringField(value, 'start');
  return start !== undefined && dateRange(start) !== undefined ? start : undefined;
}
