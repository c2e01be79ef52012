import type { FhirPackage } from './fhir-package';

/**
 * How a candidate package is to be loaded.
 *
 * @example
 * ```ts
 * const options: FhirPackageLoadOptions = { includeExamples: false, strict: true };
 * ```
 */
export interface FhirPackageLoadOptions {
  /** Keep the package's examples. */
  readonly includeExamples: boolean;
  /** Throw on a bad resource file instead of warning. */
  readonly strict: boolean;
}

/**
 * One version of a package that a {@link FhirPackageSource} can load.
 *
 * @example
 * ```ts
 * const candidate: FhirPackageCandidate = {
 *   id: 'fhir.r4.ukcore.stu2',
 *   version: '2.0.0',
 *   location: '/home/me/.fhir/packages/fhir.r4.ukcore.stu2#2.0.0',
 *   load: (options) => loadFhirPackageFromFolder('/home/me/.fhir/packages/fhir.r4.ukcore.stu2#2.0.0', options),
 * };
 * ```
 */
export interface FhirPackageCandidate {
  /** The package id, as the source spells it. */
  readonly id: string;
  /** The version (or label, such as `current`) the source holds. */
  readonly version: string;
  /** Where the package is, for messages. */
  readonly location: string;
  /** Reads the package. */
  load(options: FhirPackageLoadOptions): Promise<FhirPackage>;
}

/**
 * Somewhere packages can be found by id: a folder laid out like the FHIR package cache, the
 * bundled base R4 package, a registry mirror. Dependencies are looked up in a list of sources.
 *
 * @example
 * ```ts
 * const source: FhirPackageSource = {
 *   description: 'packages already in memory',
 *   candidates: async (id) => inMemory.filter((p) => p.id === id).map((p) => ({
 *     id: p.id, version: p.version, location: p.source, load: async () => p,
 *   })),
 * };
 * ```
 */
export interface FhirPackageSource {
  /** Says what and where the source is, for messages: `folder /home/me/.fhir/packages`. */
  readonly description: string;
  /**
   * The versions of package `id` this source holds (ids compare without regard to case), in
   * any order; empty when it holds none. Rejects only for I/O problems.
   */
  candidates(id: string): Promise<readonly FhirPackageCandidate[]>;
}
