import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FhirPackage } from '../packages/fhir-package';
import { FhirPackageError } from '../packages/fhir-package-error';
import { parseFhirPackageReference } from '../packages/fhir-package-reference';
import type { FhirPackageSource } from '../packages/fhir-package-source';
import type { FhirPackageSet } from '../packages/load-fhir-package-dependencies';
import { loadFhirPackageDependencies } from '../packages/load-fhir-package-dependencies';
import { selectVersion } from '../packages/internal/version';
import type { FhirPackageSearchOptions } from './fhir-package-search-folders';
import { fhirPackageSearchFolders } from './fhir-package-search-folders';
import { createFolderPackageSource } from './folder-package-source';
import { isMissing, toFsError } from './internal/fs-error';
import { loadFhirPackageFromArchive } from './load-fhir-package-from-archive';
import { loadFhirPackageFromFolder } from './load-fhir-package-from-folder';
import type { R4CoreBundleName } from './r4-core-package';
import { createR4CorePackageSource } from './r4-core-package';
import type { ReadFhirPackageOptions } from './read-fhir-package-options';

/**
 * Options for {@link loadFhirPackage} and {@link loadFhirPackages}: how to read packages, where
 * to look for packages named by reference, and how strict to be.
 *
 * @example
 * ```ts
 * const options: LoadFhirPackageOptions = {
 *   searchFolders: ['./fhir-packages'],
 *   packageCache: false,
 *   strict: true,
 * };
 * ```
 */
export interface LoadFhirPackageOptions extends ReadFhirPackageOptions, FhirPackageSearchOptions {
  /**
   * Resolve `hl7.fhir.r4.core#4.0.1` to the copy bundled through npm (searched before the
   * folders, so results do not depend on what a machine's package cache holds). Default true.
   */
  readonly builtinR4Core?: boolean;
  /** The R4 bundles to load when the built-in package is used. Default: those validation needs. */
  readonly r4CoreBundles?: readonly R4CoreBundleName[];
}

/** Whether a source string should be read as a path rather than a package reference. */
function looksLikePath(source: string): boolean {
  return /[/\\]/.test(source) || /\.(tgz|tar\.gz)$/i.test(source) || source.startsWith('.');
}

/**
 * The sources `id#version` references and dependencies are looked up in, in order: the
 * built-in R4 package (unless `builtinR4Core` is false), then each search folder (see
 * {@link fhirPackageSearchFolders}).
 *
 * @example
 * ```ts
 * import { loadFhirPackageDependencies } from '@lhcr/validator';
 * import { fhirPackageSources } from '@lhcr/validator/node';
 *
 * const set = await loadFhirPackageDependencies([myIg], fhirPackageSources({ packageCache: false }));
 * ```
 */
export function fhirPackageSources(options: LoadFhirPackageOptions = {}): FhirPackageSource[] {
  const sources: FhirPackageSource[] = [];
  if (options.builtinR4Core ?? true) {
    sources.push(
      createR4CorePackageSource(
        options.r4CoreBundles === undefined ? {} : { bundles: options.r4CoreBundles },
      ),
    );
  }
  for (const folder of fhirPackageSearchFolders(options)) {
    sources.push(
      createFolderPackageSource(
        folder,
        options.limits === undefined ? {} : { limits: options.limits },
      ),
    );
  }
  return sources;
}

async function loadByReference(
  text: string,
  sources: readonly FhirPackageSource[],
  options: LoadFhirPackageOptions,
): Promise<FhirPackage> {
  const reference = parseFhirPackageReference(text);
  if (!reference.ok) {
    throw new FhirPackageError(
      'bad-reference',
      `${text} is neither an existing file or folder nor a package reference: ${reference.message}`,
      { path: text },
    );
  }
  const { id, version } = reference.value;
  const candidates = [];
  for (const source of sources) candidates.push(...(await source.candidates(id)));
  const found = [...new Set(candidates.map((c) => c.version))];
  const chosen = selectVersion(found, version);
  const candidate = chosen === undefined ? undefined : candidates.find((c) => c.version === chosen);
  if (candidate === undefined) {
    const searched = sources.map((s) => s.description);
    throw new FhirPackageError(
      'not-found',
      `no package matches ${text}: expected a folder ${id}#${version ?? '<version>'}/package` +
        `${version === undefined ? ' with a release version' : ''} in one of: ` +
        `${searched.length === 0 ? '(no search locations)' : searched.join('; ')}. ` +
        `Versions of ${id} found: ${found.length === 0 ? 'none' : found.join(', ')}`,
      { path: text },
    );
  }
  return candidate.load({
    includeExamples: options.includeExamples ?? false,
    strict: options.strict ?? false,
  });
}

async function loadOne(
  source: string,
  sources: readonly FhirPackageSource[],
  options: LoadFhirPackageOptions,
): Promise<FhirPackage> {
  if (source === '') {
    throw new FhirPackageError(
      'bad-option',
      'a package source is empty; expected a .tgz file, a package folder, or a reference such as hl7.fhir.r4.core#4.0.1',
    );
  }
  const path = resolve(source);
  try {
    const info = await stat(path);
    return info.isDirectory()
      ? await loadFhirPackageFromFolder(path, options)
      : await loadFhirPackageFromArchive(path, options);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (looksLikePath(source)) {
      throw toFsError(error, path, 'a FHIR package archive (.tgz) or package folder');
    }
  }
  return loadByReference(source, sources, options);
}

/**
 * Loads one FHIR package, without its dependencies, from a `.tgz` archive, a package folder, or
 * a reference (`id`, `id#version`, `id@version`; the version may be a pattern such as `2.0.x`
 * or a label such as `current`) looked up in the built-in R4 package and the search folders:
 * the `searchFolders` option, then `LHCR_FHIR_PACKAGES`, then `~/.fhir/packages`. An existing
 * path wins over a reference of the same spelling.
 *
 * @throws {FhirPackageError} `not-found` (naming every folder searched), `bad-reference`,
 *   `bad-option`, `io`, `bad-archive`, `bad-manifest`, `limit`, and with `strict`,
 *   `bad-resource`.
 * @see https://hl7.org/fhir/packages.html
 * @example
 * ```ts
 * import { loadFhirPackage } from '@lhcr/validator/node';
 *
 * const fromArchive = await loadFhirPackage('./fhir.r4.ukcore.stu2-2.0.0.tgz');
 * const fromCache = await loadFhirPackage('fhir.r4.ukcore.stu2#2.0.x', { includeExamples: true });
 * ```
 */
export function loadFhirPackage(
  source: string,
  options: LoadFhirPackageOptions = {},
): Promise<FhirPackage> {
  return loadOne(source, fhirPackageSources(options), options);
}

/**
 * Loads FHIR packages (each as {@link loadFhirPackage} would) and, recursively, the
 * dependencies their manifests name, from the built-in R4 package and the search folders.
 * Each `id#version` is loaded once; a dependency that cannot be found is a `missing-dependency`
 * warning naming the package and every location searched, and a cycle is a `dependency-cycle`
 * warning; with `strict`, both throw. Examples are kept only for the packages named here.
 *
 * @throws {FhirPackageError} as {@link loadFhirPackage}; with `strict`, also
 *   `missing-dependency` and `dependency-cycle`.
 * @example
 * ```ts
 * import { createCanonicalRegistry } from '@lhcr/validator';
 * import { loadFhirPackages } from '@lhcr/validator/node';
 *
 * const set = await loadFhirPackages(['fhir.r4.ukcore.stu2#2.0.0']);
 * for (const warning of set.warnings) console.warn(warning.message);
 * const registry = createCanonicalRegistry(set.packages);
 * ```
 */
export async function loadFhirPackages(
  sources: readonly string[],
  options: LoadFhirPackageOptions = {},
): Promise<FhirPackageSet> {
  if (sources.length === 0) {
    throw new FhirPackageError(
      'bad-option',
      'no package sources given; expected at least one .tgz file, package folder or reference',
    );
  }
  const searchSources = fhirPackageSources(options);
  const roots: FhirPackage[] = [];
  for (const source of sources) roots.push(await loadOne(source, searchSources, options));
  return loadFhirPackageDependencies(
    roots,
    searchSources,
    options.strict === undefined ? {} : { strict: options.strict },
  );
}
