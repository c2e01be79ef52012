import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/**
 * The environment variable naming extra folders laid out like the FHIR package cache
 * (`<id>#<version>/package/…`), separated by the platform's path delimiter (`:` on Linux and
 * macOS, `;` on Windows). They are searched after the folders given as options and before the
 * default cache.
 *
 * @example
 * ```ts
 * process.env[LHCR_FHIR_PACKAGES_ENV] = '/srv/fhir-packages:/opt/more-packages';
 * ```
 */
export const LHCR_FHIR_PACKAGES_ENV = 'LHCR_FHIR_PACKAGES';

/**
 * Where packages referred to by `id#version` are looked for.
 *
 * @example
 * ```ts
 * const options: FhirPackageSearchOptions = { searchFolders: ['./fhir-packages'], packageCache: false, env: {} };
 * ```
 */
export interface FhirPackageSearchOptions {
  /** Folders laid out like the FHIR package cache, searched first, in order. */
  readonly searchFolders?: readonly string[];
  /**
   * The environment to read {@link LHCR_FHIR_PACKAGES_ENV} from. Default `process.env`; pass
   * `{}` to ignore the environment.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The FHIR package cache, searched last. Default `~/.fhir/packages`
   * ({@link defaultFhirPackageCache}); `false` to leave it out.
   */
  readonly packageCache?: string | false;
}

/**
 * The FHIR package cache the FHIR tools share: `~/.fhir/packages`.
 *
 * @see https://confluence.hl7.org/display/FHIR/FHIR+Package+Cache
 * @example
 * ```ts
 * defaultFhirPackageCache(); // '/home/me/.fhir/packages'
 * ```
 */
export function defaultFhirPackageCache(): string {
  return join(homedir(), '.fhir', 'packages');
}

/**
 * The folders searched for packages, in order, as absolute paths without repeats: the
 * `searchFolders` option, then each folder in `LHCR_FHIR_PACKAGES`, then the package cache.
 *
 * @example
 * ```ts
 * fhirPackageSearchFolders({ searchFolders: ['./packages'], env: { LHCR_FHIR_PACKAGES: '/srv/a:/srv/b' } });
 * // ['/work/packages', '/srv/a', '/srv/b', '/home/me/.fhir/packages']
 * ```
 */
export function fhirPackageSearchFolders(
  options: FhirPackageSearchOptions = {},
): readonly string[] {
  const env = options.env ?? process.env;
  const fromEnv = (env[LHCR_FHIR_PACKAGES_ENV] ?? '').split(delimiter).filter((f) => f !== '');
  const cache = options.packageCache ?? defaultFhirPackageCache();
  const all = [...(options.searchFolders ?? []), ...fromEnv, ...(cache === false ? [] : [cache])];
  return [...new Set(all.filter((f) => f !== '').map((f) => resolve(f)))];
}
