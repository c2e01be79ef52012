/**
 * Every kind of problem the FHIR package loader and the canonical registry report without
 * failing. The list is closed: adding, removing or renaming a code is a breaking change.
 *
 * @example
 * ```ts
 * FHIR_PACKAGE_WARNING_CODES.includes('missing-dependency'); // true
 * ```
 */
export const FHIR_PACKAGE_WARNING_CODES = [
  'bad-resource',
  'index-mismatch',
  'skipped-entry',
  'missing-dependency',
  'dependency-cycle',
  'several-versions',
  'canonical-conflict',
] as const;

/**
 * What a {@link FhirPackageWarning} is about:
 *
 * - `bad-resource`: a file in the package is not JSON, or not a FHIR resource; it was skipped;
 * - `index-mismatch`: `package/.index.json` disagrees with the files (a listed file is absent, or
 *   its `resourceType`, `id`, `url` or `version` differ);
 * - `skipped-entry`: a folder entry that is not a plain file (a symbolic link, a socket) was
 *   not read;
 * - `missing-dependency`: a dependency named in a manifest is in no search location;
 * - `dependency-cycle`: packages depend on each other in a cycle (each is still loaded once);
 * - `several-versions`: two versions of one package id were loaded (both are kept);
 * - `canonical-conflict`: two resources have the same canonical `url` and `version`.
 *
 * @example
 * ```ts
 * const code: FhirPackageWarningCode = 'missing-dependency';
 * ```
 */
export type FhirPackageWarningCode = (typeof FHIR_PACKAGE_WARNING_CODES)[number];

/**
 * A problem that did not stop a package from loading. `message` says what, where and what was
 * expected; it never contains resource bodies.
 *
 * @example
 * ```ts
 * const warning: FhirPackageWarning = {
 *   code: 'bad-resource',
 *   message: 'fhir.example#1.0.0: package/broken.json is not valid JSON (Unexpected end of JSON input); the file was skipped',
 *   package: 'fhir.example#1.0.0',
 *   file: 'broken.json',
 * };
 * ```
 */
export interface FhirPackageWarning {
  /** What kind of problem; see {@link FhirPackageWarningCode}. */
  readonly code: FhirPackageWarningCode;
  /** Says what, where and what was expected. */
  readonly message: string;
  /** The package the problem is in, as `id#version`, when it is about one package. */
  readonly package?: string;
  /** The file concerned, relative to the package's `package/` folder, when there is one. */
  readonly file?: string;
}
