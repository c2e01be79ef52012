import type { FhirPackage } from '../packages/fhir-package';
import type { FhirPackageWarning } from '../packages/fhir-package-warning';
import { createCanonicalRegistry } from '../packages/canonical-registry';
import { definitionsFromRegistry } from '../packages/registry-definitions';
import type { DefinitionSource } from '../profiles/profile-engine';
import type { LoadFhirPackageOptions } from './load-fhir-package';
import { loadFhirPackages } from './load-fhir-package';
import { R4_CORE_PACKAGE } from './r4-core-package';
import { r4CoreDefinitions } from './r4-core-definitions';
import { defaultCacheFolder, snapshotPackages } from './snapshot-cache';
import type { SnapshotCacheReport } from './snapshot-cache';
import { compiledCodeCache } from './compiled-code-cache';
import type { CompiledCodeCache } from '../engine/compiled-code-cache';

/** What {@link loadDefinitions} loaded. */
export interface LoadedDefinitions {
  /** Everything the validator needs from the packages, with base R4 behind them. */
  readonly definitions: DefinitionSource;
  /** The packages loaded (the ones named and their dependencies), base R4 left out. */
  readonly packages: readonly FhirPackage[];
  /** Missing dependencies, cycles, canonical conflicts and unreadable files. */
  readonly warnings: readonly FhirPackageWarning[];
  /** Where the packages' snapshots came from (the cache, or generated now), and failures. */
  readonly snapshots?: SnapshotCacheReport;
  /**
   * The cache of compiled profile schemas in the same cache folder, for `createValidator`'s
   * `compiledCode`; absent when `snapshotCache` is false.
   */
  readonly compiledCode?: CompiledCodeCache;
}

/** Options for {@link loadDefinitions}. */
export interface LoadDefinitionsOptions extends LoadFhirPackageOptions {
  /**
   * Where generated snapshots and compiled profile schemas are kept between runs: a folder, or
   * false for none. Default {@link defaultCacheFolder}.
   */
  readonly snapshotCache?: string | false;
}

/**
 * Loads FHIR packages (a `.tgz`, a package folder, or `id#version` from the FHIR package cache)
 * with their dependencies, as definitions for {@link createValidator}. Base R4 always stands
 * behind them and is read lazily from the npm dependency, so a dependency on
 * `hl7.fhir.r4.core#4.0.1` costs nothing until a definition from it is needed.
 *
 * @throws {FhirPackageError} when a named package cannot be found or read (see loadFhirPackage).
 * @example
 * ```ts
 * const { definitions, compiledCode } = await loadDefinitions(['fhir.r4.ukcore.stu2#2.0.0']);
 * const validator = createValidator({ definitions, compiledCode });
 * ```
 */
export async function loadDefinitions(
  sources: readonly string[],
  options: LoadDefinitionsOptions = {},
): Promise<LoadedDefinitions> {
  const cacheFolder =
    options.snapshotCache === false
      ? false
      : (options.snapshotCache ?? defaultCacheFolder(options.env));
  const compiled = cacheFolder === false ? {} : { compiledCode: compiledCodeCache(cacheFolder) };
  if (sources.length === 0) {
    return { definitions: r4CoreDefinitions(), packages: [], warnings: [], ...compiled };
  }
  // The built-in R4 package only needs to satisfy dependencies here: base R4 definitions come
  // from the lazy source, so the smallest bundle will do.
  const set = await loadFhirPackages(sources, { r4CoreBundles: ['profiles-types'], ...options });
  const packages = set.packages.filter(
    (p) => !(p.id === R4_CORE_PACKAGE.id && p.version === R4_CORE_PACKAGE.version),
  );
  const registry = createCanonicalRegistry(packages);
  const plain = definitionsFromRegistry(registry, r4CoreDefinitions());
  const { snapshots, report } = snapshotPackages(packages, plain, cacheFolder);
  const definitions: DefinitionSource = {
    ...plain,
    structureDefinition: (url) =>
      snapshots.get(url.split('|')[0] ?? url) ?? plain.structureDefinition(url),
  };
  return {
    definitions,
    packages,
    warnings: [...set.warnings, ...registry.warnings],
    snapshots: report,
    ...compiled,
  };
}
