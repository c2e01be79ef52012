import { NHS_NUMBER_SYSTEM } from '@lhcr/models';
import type { Exchange } from './exchange';

/**
 * The placeholder that replaces every redacted value.
 *
 * @example
 * ```ts
 * redactUrl('https://example.org/fhir/Patient?name=Smith'); // '...?name=[redacted]'
 * ```
 */
export const REDACTED = '[redacted]';

/** Ten digits, optionally grouped 3-3-4 with spaces, dashes or encoded spaces. */
const NHS_NUMBER_LIKE = /(?<!\d)\d{3}(?:[ -]|%20|\+)?\d{3}(?:[ -]|%20|\+)?\d{4}(?!\d)/g;
const ABSOLUTE_URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * Replaces anything that looks like an NHS number (ten digits, optionally grouped 3-3-4) in a
 * string.
 *
 * @example
 * ```ts
 * maskNhsNumbers('Patient/9434765919'); // 'Patient/[redacted]'
 * ```
 */
export function maskNhsNumbers(text: string): string {
  return text.replace(NHS_NUMBER_LIKE, REDACTED);
}

function splitUrl(url: string): { path: string; query: string | undefined } {
  const hashStart = url.indexOf('#');
  const withoutHash = hashStart >= 0 ? url.slice(0, hashStart) : url;
  const queryStart = withoutHash.indexOf('?');
  if (queryStart < 0) return { path: withoutHash, query: undefined };
  return { path: withoutHash.slice(0, queryStart), query: withoutHash.slice(queryStart + 1) };
}

function mapQuery(query: string, value: (name: string, raw: string) => string): string {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals >= 0 ? pair.slice(0, equals) : pair;
      const raw = equals >= 0 ? pair.slice(equals + 1) : '';
      return `${maskNhsNumbers(name)}=${value(name, raw)}`;
    })
    .join('&');
}

/**
 * A URL fit for error messages: origin and path kept (with NHS-number-like digit runs masked),
 * every query value replaced and the fragment dropped, so search values such as NHS numbers,
 * names and birth dates never reach a message.
 *
 * @example
 * ```ts
 * redactUrl('https://example.org/fhir/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919&_count=10');
 * // 'https://example.org/fhir/Patient?identifier=[redacted]&_count=[redacted]'
 * ```
 */
export function redactUrl(url: string): string {
  const { path, query } = splitUrl(url);
  if (query === undefined) return maskNhsNumbers(path);
  const mapped = mapQuery(query, () => REDACTED);
  return mapped === '' ? maskNhsNumbers(path) : `${maskNhsNumbers(path)}?${mapped}`;
}

/**
 * Free text fit for a message: absolute URLs redacted by {@link redactUrl} and NHS-number-like
 * digit runs masked.
 *
 * @example
 * ```ts
 * redactText('Failed to parse URL from http://x/Patient?name=Smith'); // 'Failed to parse URL from http://x/Patient?name=[redacted]'
 * ```
 */
export function redactText(text: string): string {
  return maskNhsNumbers(text.replace(ABSOLUTE_URL, (url) => redactUrl(url)));
}

/** Search parameters whose values identify a person (matched on the last chain segment). */
const PERSONAL_SEARCH_PARAMETERS = new Set([
  'identifier',
  'name',
  'family',
  'given',
  'phonetic',
  'birthdate',
  'death-date',
  'address',
  'address-city',
  'address-postalcode',
  'address-state',
  'address-country',
  'address-use',
  'postalcode',
  'phone',
  'email',
  'telecom',
]);

function isPersonalParameter(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // keep the raw name
  }
  // `subject:Patient.family:exact` → the last chain segment `family:exact` → `family`.
  const lastSegment = decoded.split('.').pop() ?? decoded;
  const withoutModifier = lastSegment.split(':')[0] ?? lastSegment;
  return PERSONAL_SEARCH_PARAMETERS.has(withoutModifier.toLowerCase());
}

/**
 * A URL fit for a log that should keep its search structure: values of person-identifying search
 * parameters (`identifier`, `name`, `family`, `given`, `birthdate`, `address*`, `phone`, `email`,
 * `telecom`, also when chained such as `subject:Patient.name`) are replaced, and NHS-number-like
 * digit runs masked everywhere else.
 *
 * @example
 * ```ts
 * redactSearchUrl('https://example.org/fhir/Patient?family=Smith&_count=10'); // 'https://example.org/fhir/Patient?family=[redacted]&_count=10'
 * ```
 */
export function redactSearchUrl(url: string): string {
  const { path, query } = splitUrl(url);
  if (query === undefined) return maskNhsNumbers(path);
  const mapped = mapQuery(query, (name, raw) =>
    isPersonalParameter(name) ? REDACTED : maskNhsNumbers(raw),
  );
  return mapped === '' ? maskNhsNumbers(path) : `${maskNhsNumbers(path)}?${mapped}`;
}

/** Resource types whose own demographic elements are patient (or person) data. */
const PERSON_RESOURCE_TYPES = new Set(['Patient', 'RelatedPerson', 'Person', 'Practitioner']);
const PERSON_ELEMENTS = new Set([
  'name',
  'telecom',
  'address',
  'birthDate',
  '_birthDate',
  'photo',
  'contact',
]);
/** Deeper than this, a value is replaced rather than walked (and cycles end here). */
const MAX_DEPTH = 200;

function redactPatientValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskNhsNumbers(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactPatientValue(item, depth + 1));
  const source = value as Record<string, unknown>;
  const isPerson =
    typeof source.resourceType === 'string' && PERSON_RESOURCE_TYPES.has(source.resourceType);
  const isReference = typeof source.reference === 'string' || 'identifier' in source;
  const isNhsNumberIdentifier = source.system === NHS_NUMBER_SYSTEM;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    if (isPerson && PERSON_ELEMENTS.has(key)) {
      result[key] = REDACTED;
    } else if (isPerson && key === 'identifier' && Array.isArray(item)) {
      result[key] = item.map((identifier: unknown) => redactIdentifierValue(identifier, depth));
    } else if (key === 'value' && isNhsNumberIdentifier) {
      result[key] = REDACTED;
    } else if (key === 'display' && isReference) {
      result[key] = REDACTED;
    } else if (key === 'div' && typeof item === 'string' && 'status' in source) {
      result[key] = REDACTED; // narrative XHTML
    } else {
      result[key] = redactPatientValue(item, depth + 1);
    }
  }
  return result;
}

function redactIdentifierValue(identifier: unknown, depth: number): unknown {
  const walked = redactPatientValue(identifier, depth + 2);
  if (typeof walked !== 'object' || walked === null || Array.isArray(walked)) return walked;
  return 'value' in walked ? { ...walked, value: REDACTED } : walked;
}

/**
 * A deep copy of a FHIR JSON value with patient data removed, for logs: the names, telecoms,
 * addresses, birth dates, photos, contacts and identifier values of Patient, RelatedPerson,
 * Person and Practitioner resources; every NHS-number identifier value; reference `display`s;
 * narrative `div`s; and anything that looks like an NHS number in any string. Walks Bundles and
 * contained resources. Never throws; values nested deeper than 200 levels are replaced whole.
 *
 * @example
 * ```ts
 * redactPatientData({ resourceType: 'Patient', name: [{ family: 'Smith' }], gender: 'male' });
 * // { resourceType: 'Patient', name: '[redacted]', gender: 'male' }
 * ```
 */
export function redactPatientData(value: unknown): unknown {
  return redactPatientValue(value, 0);
}

function redactFormBody(body: string): string {
  return mapQuery(body, () => REDACTED);
}

function isFormBody(headers: Readonly<Record<string, string>>): boolean {
  return (headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
}

/**
 * An {@link Exchange} fit for a persistent log: request and response bodies passed through
 * {@link redactPatientData} (form bodies such as POST `_search` have every value replaced), URLs
 * through {@link redactSearchUrl}, and NHS-number-like values in headers masked. Secrets are
 * already redacted in every exchange the client hands to hooks.
 *
 * @example
 * ```ts
 * const client = new FhirClient({
 *   baseUrl,
 *   hooks: { onResponse: (exchange) => log.write(JSON.stringify(redactExchange(exchange))) },
 * });
 * ```
 */
export function redactExchange(exchange: Exchange): Exchange {
  const { request, response } = exchange;
  const maskHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        name === 'location' || name === 'content-location'
          ? redactSearchUrl(value)
          : maskNhsNumbers(value),
      ]),
    );
  return {
    ...exchange,
    request: {
      ...request,
      url: redactSearchUrl(request.url),
      headers: maskHeaders(request.headers),
      body:
        typeof request.body === 'string' && isFormBody(request.headers)
          ? redactFormBody(request.body)
          : redactPatientData(request.body),
    },
    response:
      response === undefined
        ? undefined
        : {
            ...response,
            headers: maskHeaders(response.headers),
            body: redactPatientData(response.body),
          },
  };
}
