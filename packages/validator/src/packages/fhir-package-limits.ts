/**
 * Resource limits applied while loading a FHIR package, so that a hostile or broken package
 * cannot exhaust memory. Exceeding one throws a {@link FhirPackageError} with code `limit`.
 *
 * For a folder, `maxArchiveBytes` caps the total size of the files read and `maxEntries` the
 * number of directory entries examined.
 *
 * @example
 * ```ts
 * const limits: FhirPackageLimits = { maxArchiveBytes: 2 ** 30, maxEntryBytes: 2 ** 27, maxEntries: 200_000 };
 * ```
 */
export interface FhirPackageLimits {
  /** Largest uncompressed archive (or total of files read from a folder), in bytes. */
  readonly maxArchiveBytes: number;
  /** Largest single file the loader reads (`package.json`, a resource, an example), in bytes. */
  readonly maxEntryBytes: number;
  /** Most archive entries (files, folders, links, headers), or folder entries, examined. */
  readonly maxEntries: number;
}

/**
 * The default {@link FhirPackageLimits}: 512 MiB uncompressed, 64 MiB per file, 100 000
 * entries. `hl7.fhir.r4.core` 4.0.1 is about 50 MiB uncompressed with 4 600 entries.
 *
 * @example
 * ```ts
 * await loadFhirPackage(source, { limits: { maxEntryBytes: DEFAULT_FHIR_PACKAGE_LIMITS.maxEntryBytes * 2 } });
 * ```
 */
export const DEFAULT_FHIR_PACKAGE_LIMITS: FhirPackageLimits = Object.freeze({
  maxArchiveBytes: 512 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxEntries: 100_000,
});
