/**
 * A canonical reference split into its URL and optional version: what `url|version` says.
 *
 * @see https://hl7.org/fhir/R4/references.html#canonical
 * @example
 * ```ts
 * const reference: CanonicalReference = { url: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', version: '2.6.1' };
 * ```
 */
export interface CanonicalReference {
  /** The canonical URL, without the version. */
  readonly url: string;
  /** The version after `|`, when the reference has one. */
  readonly version?: string;
}

/**
 * Splits a canonical reference at its first `|` into URL and version. An empty version
 * (`url|`) counts as none.
 *
 * @see https://hl7.org/fhir/R4/references.html#canonical
 * @example
 * ```ts
 * parseCanonical('http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1');
 * // { url: 'http://hl7.org/fhir/ValueSet/administrative-gender', version: '4.0.1' }
 * ```
 */
export function parseCanonical(reference: string): CanonicalReference {
  const bar = reference.indexOf('|');
  if (bar === -1) return { url: reference };
  const url = reference.slice(0, bar);
  const version = reference.slice(bar + 1);
  return version === '' ? { url } : { url, version };
}
