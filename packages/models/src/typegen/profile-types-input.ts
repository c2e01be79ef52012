/**
 * The parts of a snapshot ElementDefinition that profile types are rendered from. An
 * `ElementDefinition` from `@lhcr/models` fits; so does the JSON of any FHIR R4 snapshot.
 * Fixed and pattern values are read from the element's `fixed[x]` and `pattern[x]` property,
 * whichever form it has (`fixedUri`, `patternCodeableConcept`, …).
 *
 * @example
 * ```ts
 * const element: ProfileElementInput = {
 *   id: 'Patient.identifier:nhsNumber.system',
 *   path: 'Patient.identifier.system',
 *   min: 1,
 *   max: '1',
 *   base: { path: 'Identifier.system', min: 0, max: '1' },
 *   type: [{ code: 'uri' }],
 *   fixedUri: 'https://fhir.nhs.uk/Id/nhs-number',
 * };
 * ```
 */
export interface ProfileElementInput {
  /** The element id; slices are told apart by it (`Patient.identifier:nhsNumber.system`). */
  readonly id?: string | undefined;
  readonly path: string;
  readonly sliceName?: string | undefined;
  readonly min?: number | undefined;
  readonly max?: string | undefined;
  /** Where the element comes from in the base FHIR definition, and its cardinality there. */
  readonly base?: { readonly path: string; readonly min: number; readonly max: string } | undefined;
  readonly short?: string | undefined;
  readonly mustSupport?: boolean | undefined;
  readonly contentReference?: string | undefined;
  readonly type?:
    | readonly {
        readonly code: string;
        readonly profile?: readonly string[] | undefined;
      }[]
    | undefined;
  readonly slicing?:
    | {
        readonly rules: string;
        readonly ordered?: boolean | undefined;
        readonly discriminator?: readonly { readonly type: string; readonly path: string }[];
      }
    | undefined;
  readonly constraint?:
    | readonly {
        readonly key: string;
        readonly human: string;
        readonly source?: string | undefined;
      }[]
    | undefined;
}

/**
 * One profile (a constraint StructureDefinition) to render a type for, with its snapshot.
 * Extensions and data-type profiles that the profiles' elements name (`Extension(url)`,
 * `Quantity(SimpleQuantity)`) are given the same way, so slices can be typed by them.
 *
 * @example
 * ```ts
 * const profile: ProfileDefinitionInput = {
 *   url: 'https://example.org/StructureDefinition/ExamplePatient',
 *   version: '1.0.0',
 *   name: 'ExamplePatient',
 *   type: 'Patient',
 *   snapshot: structureDefinition.snapshot?.element ?? [],
 * };
 * ```
 */
export interface ProfileDefinitionInput {
  /** The profile's canonical URL. */
  readonly url: string;
  readonly version?: string | undefined;
  /** The profile's computable name (`LHCRPatient`); the type name comes from it. */
  readonly name: string;
  /** The FHIR type it constrains (`Patient`, `Extension`, `Quantity`). */
  readonly type: string;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  /** The definition it builds on, for the documentation. */
  readonly baseDefinition?: string | undefined;
  /** A TypeScript name to use instead of the one made from `name`. */
  readonly typeName?: string | undefined;
  readonly snapshot: readonly ProfileElementInput[];
}

/**
 * A base FHIR definition (a resource or data type as FHIR R4 defines it) with its snapshot. The
 * renderer reads from it which forms a choice element has in the base type, so forms a profile
 * drops can be typed `never`.
 *
 * @example
 * ```ts
 * const base: BaseDefinitionInput = { type: 'Extension', snapshot: extensionDefinition.snapshot.element };
 * ```
 */
export interface BaseDefinitionInput {
  readonly type: string;
  readonly snapshot: readonly ProfileElementInput[];
}

/**
 * Options of {@link renderProfileTypes}.
 *
 * @example
 * ```ts
 * const options: RenderProfileTypesOptions = {
 *   profiles: [patientProfile, nhsNumberVerificationStatus],
 *   baseDefinitions: [basePatient, baseExtension],
 *   baseImport: '@lhcr/models',
 *   banner: ['Generated from the example blueprint. Do not edit.'],
 * };
 * ```
 */
export interface RenderProfileTypesOptions {
  /** The profiles, extensions and data-type profiles to declare types for, in output order. */
  readonly profiles: readonly ProfileDefinitionInput[];
  /**
   * Base definitions of the types the profiles constrain. Without the one a choice element comes
   * from, the forms a profile drops from that choice element are not typed `never`.
   */
  readonly baseDefinitions?: readonly BaseDefinitionInput[] | undefined;
  /** The module the FHIR R4 base types are imported from: `@lhcr/models`. */
  readonly baseImport: string;
  /** Lines for a comment at the top of the module (a "generated, do not edit" note). */
  readonly banner?: readonly string[] | undefined;
}
