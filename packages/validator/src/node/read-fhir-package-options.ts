import type { FhirPackageLimits } from '../packages/fhir-package-limits';

/**
 * Options for reading one FHIR package from an archive or a folder.
 *
 * @example
 * ```ts
 * const options: ReadFhirPackageOptions = { includeExamples: true, limits: { maxEntryBytes: 8 * 1024 * 1024 } };
 * ```
 */
export interface ReadFhirPackageOptions {
  /** Keep the examples (`package/examples/*.json`). Default false. */
  readonly includeExamples?: boolean;
  /** Throw on a resource file that is not JSON or not a resource, instead of warning. Default false. */
  readonly strict?: boolean;
  /** Override some of the {@link DEFAULT_FHIR_PACKAGE_LIMITS}. */
  readonly limits?: Partial<FhirPackageLimits>;
}
