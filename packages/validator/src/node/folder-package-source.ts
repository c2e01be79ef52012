import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FhirPackageCandidate, FhirPackageSource } from '../packages/fhir-package-source';
import type { FhirPackageLimits } from '../packages/fhir-package-limits';
import { isFhirPackageId, isFhirPackageVersion } from '../packages/fhir-package-reference';
import { isMissing, toFsError } from './internal/fs-error';
import { loadFhirPackageFromFolder } from './load-fhir-package-from-folder';

/**
 * Options for {@link createFolderPackageSource}.
 *
 * @example
 * ```ts
 * const options: FolderPackageSourceOptions = { limits: { maxEntries: 20_000 } };
 * ```
 */
export interface FolderPackageSourceOptions {
  /** Limits for each package read from the folder. */
  readonly limits?: Partial<FhirPackageLimits>;
}

interface Listed {
  readonly id: string;
  readonly version: string;
  readonly name: string;
}

function folderState(folder: string): string {
  try {
    return statSync(folder).isDirectory() ? '' : ' (not a folder)';
  } catch {
    return ' (absent)';
  }
}

/**
 * A {@link FhirPackageSource} over a folder laid out like the FHIR package cache: one
 * `<id>#<version>/` folder per package, each holding `package/`. The folder is listed once, on
 * first use; only names of that shape are considered, and a package is read only when chosen.
 * An absent folder holds no packages (its description says so).
 *
 * @example
 * ```ts
 * import { createFolderPackageSource } from '@lhcr/validator/node';
 *
 * const cache = createFolderPackageSource(defaultFhirPackageCache());
 * const versions = (await cache.candidates('hl7.fhir.r4.core')).map((c) => c.version); // ['4.0.1']
 * ```
 */
export function createFolderPackageSource(
  folder: string,
  options: FolderPackageSourceOptions = {},
): FhirPackageSource {
  const root = resolve(folder);
  let listing: Promise<Listed[]> | undefined;
  const list = async (): Promise<Listed[]> => {
    let names: string[];
    try {
      names = await readdir(root);
    } catch (error) {
      if (isMissing(error)) return [];
      throw toFsError(error, root, 'a folder laid out like the FHIR package cache');
    }
    const listed: Listed[] = [];
    for (const name of names) {
      const hash = name.indexOf('#');
      if (hash <= 0) continue;
      const id = name.slice(0, hash);
      const version = name.slice(hash + 1);
      if (isFhirPackageId(id) && isFhirPackageVersion(version)) listed.push({ id, version, name });
    }
    return listed;
  };
  return {
    description: `folder ${root}${folderState(root)}`,
    async candidates(id: string): Promise<readonly FhirPackageCandidate[]> {
      listing ??= list();
      const wanted = id.toLowerCase();
      return (await listing)
        .filter((entry) => entry.id.toLowerCase() === wanted)
        .map((entry) => {
          const location = join(root, entry.name);
          return {
            id: entry.id,
            version: entry.version,
            location,
            load: (load) =>
              loadFhirPackageFromFolder(location, {
                ...load,
                ...(options.limits === undefined ? {} : { limits: options.limits }),
              }),
          };
        });
    },
  };
}
