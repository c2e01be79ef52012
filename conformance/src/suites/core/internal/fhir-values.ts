import { NHS_NUMBER_SYSTEM, isResource } from '@lhcr/models';
import type { Bundle, Resource } from '@lhcr/models';

/** A JSON object, loosely. */
export type Json = Readonly<Record<string, unknown>>;

/** Whether a value is a JSON object (not an array). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as an array (a single value becomes one element; nothing becomes none). */
export function asArray(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The objects of a list a server sent (anything else, and non-object items, give nothing). */
export function objects(value: unknown): readonly Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The strings of a list a server sent. */
export function strings(value: unknown): readonly string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** A copy of a JSON object without some keys. */
export function withoutKeys(value: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** A field of a JSON object. */
export function field(value: unknown, name: string): unknown {
  return isObject(value) ? value[name] : undefined;
}

/** A string field of a JSON object. */
export function stringField(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === 'string' ? found : undefined;
}

/** `type/id` of a resource. */
export function refOf(resource: Resource): string {
  return `${resource.resourceType}/${resource.id ?? '(no id)'}`;
}

/**
 * The `type/id` a reference points to: `Patient/x`, `http://host/fhir/Patient/x` and
 * `Patient/x/_history/2` all give `Patient/x`; anything else (`urn:uuid:…`, `#contained`) gives
 * `undefined`.
 */
export function referenceTarget(reference: unknown): string | undefined {
  const text = typeof reference === 'string' ? reference : stringField(reference, 'reference');
  if (text === undefined) return undefined;
  const match =
    /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
      text,
    );
  return match === null ? undefined : `${match[1] ?? ''}/${match[2] ?? ''}`;
}

/** One coding. */
export interface CodingValue {
  readonly system: string | undefined;
  readonly code: string | undefined;
  readonly display: string | undefined;
}

/** The codings of a CodeableConcept (or of a list of them). */
export function codingsOf(concepts: unknown): readonly CodingValue[] {
  const out: CodingValue[] = [];
  for (const concept of asArray(concepts)) {
    for (const coding of asArray(field(concept, 'coding'))) {
      out.push({
        system: stringField(coding, 'system'),
        code: stringField(coding, 'code'),
        display: stringField(coding, 'display'),
      });
    }
  }
  return out;
}

/** The codings of Codings or CodeableConcepts (or lists of either), as AuditEvent mixes both. */
export function codingValuesOf(values: unknown): readonly CodingValue[] {
  const out: CodingValue[] = [];
  for (const value of asArray(values)) {
    if (isObject(value) && ('code' in value || 'system' in value) && !('coding' in value)) {
      out.push({
        system: stringField(value, 'system'),
        code: stringField(value, 'code'),
        display: stringField(value, 'display'),
      });
    } else {
      out.push(...codingsOf(value));
    }
  }
  return out;
}

/** The patient a clinical resource belongs to (`subject` or `patient`). */
export function patientReferenceOf(resource: Resource): unknown {
  const json = resource as unknown as Json;
  if (resource.resourceType === 'Patient') return undefined;
  return json['subject'] ?? json['patient'];
}

/** The search-match resources of a searchset Bundle (entries without `search.mode` count as matches). */
export function matchesOf(bundle: Bundle): Resource[] {
  const out: Resource[] = [];
  for (const entry of objects((bundle as unknown as Json)['entry'])) {
    const resource: unknown = entry['resource'];
    if (!isResource(resource)) continue;
    const mode = field(entry['search'], 'mode');
    if (mode === 'include' || mode === 'outcome' || resource.resourceType === 'OperationOutcome') {
      continue;
    }
    out.push(resource);
  }
  return out;
}

/** Every resource in a Bundle, whatever its search mode. */
export function entriesOf(bundle: Bundle): Resource[] {
  const out: Resource[] = [];
  for (const entry of objects((bundle as unknown as Json)['entry'])) {
    const resource: unknown = entry['resource'];
    if (isResource(resource)) out.push(resource);
  }
  return out;
}

/** The NHS number identifiers of a Patient. */
export function nhsNumberIdentifiers(patient: Resource): readonly Json[] {
  return asArray((patient as unknown as Json)['identifier'])
    .filter(isObject)
    .filter((identifier) => identifier['system'] === NHS_NUMBER_SYSTEM);
}

/** The NHS number of a Patient, when it has exactly one NHS number identifier. */
export function nhsNumberOf(patient: Resource): string | undefined {
  const identifiers = nhsNumberIdentifiers(patient);
  return identifiers.length === 1 ? stringField(identifiers[0], 'value') : undefined;
}

/** Every string anywhere in a JSON value (depth-limited). */
export function stringsIn(value: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 100) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, depth + 1, out);
  else if (isObject(value))
    for (const item of Object.values(value)) stringsIn(item, depth + 1, out);
  return out;
}

/** Whether a JSON value is a FHIR OperationOutcome with at least one issue. */
export function isOutcomeWithIssue(value: unknown): boolean {
  return (
    isResource(value) &&
    value.resourceType === 'OperationOutcome' &&
    asArray(field(value, 'issue')).length > 0
  );
}

/** The issue codes of an OperationOutcome, and the codes of their `details` codings. */
export function outcomeCodes(value: unknown): { codes: string[]; details: string[] } {
  const codes: string[] = [];
  const details: string[] = [];
  for (const issue of asArray(field(value, 'issue'))) {
    const code = stringField(issue, 'code');
    if (code !== undefined) codes.push(code);
    for (const coding of codingsOf(field(issue, 'details'))) {
      if (coding.code !== undefined) details.push(coding.code);
    }
  }
  return { codes, details };
}

/** Whether a Bundle has a `next` link. */
export function hasNextLink(bundle: Bundle): boolean {
  return objects((bundle as unknown as Json)['link']).some((link) => link['relation'] === 'next');
}

/** Lists items for a message: `a, b and 3 more`. */
export function listed(items: readonly string[], max = 5): string {
  if (items.length === 0) return '(none)';
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${String(items.length - max)} more` : shown;
}
