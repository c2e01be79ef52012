/**
 * The UCUM code system URL, the default value of `%ucum`.
 *
 * @example
 * ```ts
 * const env: InvariantEnv = { resource, rootResource: resource, ucum: UCUM_SYSTEM };
 * ```
 */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/**
 * What an invariant sees besides its node: the FHIRPath variables FHIR defines and the callbacks
 * for the functions that need services outside FHIRPath.
 *
 * `resource` and `rootResource` follow the FHIR R4 definitions
 * (https://hl7.org/fhir/R4/fhirpath.html#variables):
 *
 * - `%resource` is the resource that contains the node: the resource itself for its own
 *   elements, the contained resource for elements inside `contained`, and the entry's resource
 *   for elements of a Bundle entry's resource (never the Bundle: "do not go past a root resource
 *   into a bundle"). For the Bundle's own elements (`Bundle.entry`, `Bundle.entry.request`) it is
 *   the Bundle.
 * - `%rootResource` is the container of `%resource`: the resource that holds it in `contained`
 *   when it is contained, and `%resource` itself otherwise (a Bundle entry's resource is not
 *   contained, so it is its own root).
 *
 * @example
 * ```ts
 * // An element of a resource contained in a Patient
 * const env: InvariantEnv = { resource: organization, rootResource: patient };
 * ```
 */
export interface InvariantEnv {
  /** `%resource`: the nearest resource containing the node (a JSON object). */
  readonly resource: unknown;
  /** `%rootResource`: the container of `%resource` when contained, else `%resource`. */
  readonly rootResource: unknown;
  /** `%ucum`; {@link UCUM_SYSTEM} when absent. */
  readonly ucum?: string;
  /**
   * Resolves a reference for `resolve()`: called with the `reference` of a Reference, or with the
   * value of a uri, url, canonical or string. Returns the target resource as JSON, or undefined
   * when it cannot be found. Without it, `resolve()` finds nothing.
   */
  readonly resolve?: (reference: string) => unknown;
  /**
   * Checks narrative XHTML for `htmlChecks()` (txt-1, txt-2): true when the XHTML is acceptable.
   * Required by invariants that call `htmlChecks()`.
   */
  readonly htmlChecks?: (xhtml: string) => boolean;
  /**
   * Answers `memberOf(valueSet)` for one coded value (its JSON: a code string, a Coding or a
   * CodeableConcept, with its FHIR type name): true or false, or undefined when the value set
   * cannot be expanded here, which makes the invariant one that cannot be evaluated. Required by
   * invariants that call `memberOf()`.
   */
  readonly memberOf?: (value: unknown, type: string, valueSet: string) => boolean | undefined;
}
