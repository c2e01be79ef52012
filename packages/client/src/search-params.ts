import { ConfigError } from './errors';

/**
 * One search parameter value. Numbers and booleans are sent as their text.
 *
 * @example
 * ```ts
 * const value: SearchValue = 'ge2024-01-01';
 * ```
 */
export type SearchValue = string | number | boolean;

/**
 * FHIR search parameters: a record (an array value repeats the parameter, as `date=ge…&date=le…`
 * needs), a `URLSearchParams`, or name-value pairs. Values are sent as they are: write
 * `system|code` tokens, prefixes and modifiers (`family:exact`) yourself.
 *
 * @see https://hl7.org/fhir/R4/search.html
 * @example
 * ```ts
 * const params: SearchParams = { family: 'Smith', birthdate: ['ge1970-01-01', 'le1979-12-31'], _count: 50 };
 * ```
 */
export type SearchParams =
  | Readonly<Record<string, SearchValue | readonly SearchValue[] | undefined>>
  | URLSearchParams
  | readonly (readonly [string, SearchValue])[];

/**
 * The record form fhir-kit-client takes.
 *
 * @example
 * ```ts
 * const record: SearchRecord = { date: ['ge2024', 'le2025'], _count: '10' };
 * ```
 */
export type SearchRecord = Record<string, string | string[]>;

/**
 * Normalises {@link SearchParams} to a record of strings (repeated names become arrays), the
 * form fhir-kit-client takes, in the order given. `undefined` values are left out.
 *
 * @throws {ConfigError} with code `invalid-argument` for an empty parameter name.
 * @example
 * ```ts
 * toSearchRecord([['date', 'ge2024'], ['date', 'le2025']]); // { date: ['ge2024', 'le2025'] }
 * ```
 */
export function toSearchRecord(params: SearchParams | undefined): SearchRecord {
  const record: SearchRecord = {};
  const add = (name: string, value: SearchValue): void => {
    if (name === '') throw new ConfigError('invalid-argument', 'a search parameter name is empty');
    const text = String(value);
    const existing = record[name];
    if (existing === undefined) record[name] = text;
    else if (Array.isArray(existing)) existing.push(text);
    else record[name] = [existing, text];
  };
  if (params === undefined) return record;
  if (params instanceof URLSearchParams) {
    params.forEach((value, name) => {
      add(name, value);
    });
  } else if (Array.isArray(params)) {
    for (const [name, value] of params as readonly (readonly [string, SearchValue])[]) {
      add(name, value);
    }
  } else {
    for (const [name, value] of Object.entries(
      params as Readonly<Record<string, SearchValue | readonly SearchValue[] | undefined>>,
    )) {
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        for (const item of value as readonly SearchValue[]) add(name, item);
      } else {
        add(name, value as SearchValue);
      }
    }
  }
  return record;
}

/**
 * The query string (without `?`) for a search record, encoded exactly as fhir-kit-client encodes
 * it (`URLSearchParams`); empty when there are no parameters.
 *
 * @example
 * ```ts
 * toQueryString({ identifier: 'https://fhir.nhs.uk/Id/nhs-number|9990000018' });
 * // 'identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9990000018'
 * ```
 */
export function toQueryString(record: SearchRecord): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(record)) {
    if (Array.isArray(value)) for (const item of value) query.append(name, item);
    else query.append(name, value);
  }
  return query.toString();
}
