import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createFhirPackage } from '../packages/create-fhir-package';
import type { FhirPackage } from '../packages/fhir-package';
import { FhirPackageError } from '../packages/fhir-package-error';
import { formatBytes, resolveLimits } from '../packages/internal/limits';
import { toFsError } from './internal/fs-error';
import { readPackageArchive } from './internal/read-archive';
import type { ReadFhirPackageOptions } from './read-fhir-package-options';

/**
 * Loads a FHIR NPM package from a `.tgz` archive as the FHIR registries publish them (a gzip'd
 * tar whose files sit under `package/`). The archive is streamed through gunzip and a tar
 * parser; only the manifest, `.index.json`, the JSON resources directly in `package/` and (with
 * `includeExamples`) `package/examples/*.json` are kept. Limits apply to the compressed and
 * uncompressed size, each entry's size and the number of entries; absolute paths, `..`
 * segments, links and device entries make the archive unsafe and are refused.
 *
 * @throws {FhirPackageError} `not-found`, `io`, `bad-archive` (not gzip, corrupt, truncated,
 *   unsafe), `bad-manifest`, `limit`, and with `strict`, `bad-resource`.
 * @see https://hl7.org/fhir/packages.html
 * @example
 * ```ts
 * import { loadFhirPackageFromArchive } from '@lhcr/validator/node';
 *
 * const ukCore = await loadFhirPackageFromArchive('./fhir.r4.ukcore.stu2-2.0.0.tgz');
 * console.log(`${ukCore.id}#${ukCore.version}`); // 'fhir.r4.ukcore.stu2#2.0.0'
 * ```
 */
export async function loadFhirPackageFromArchive(
  archive: string,
  options: ReadFhirPackageOptions = {},
): Promise<FhirPackage> {
  if (archive === '') {
    throw new FhirPackageError(
      'bad-option',
      'the package archive path is empty; expected a .tgz file',
    );
  }
  const limits = resolveLimits(options.limits);
  const path = resolve(archive);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new FhirPackageError(
        'io',
        `${path} is not a file; expected a FHIR package archive (.tgz)`,
        { path },
      );
    }
    size = info.size;
  } catch (error) {
    if (error instanceof FhirPackageError) throw error;
    throw toFsError(error, path, 'a FHIR package archive (.tgz)');
  }
  if (size > limits.maxArchiveBytes) {
    throw new FhirPackageError(
      'limit',
      `${path} is ${formatBytes(size)}, more than the limit maxArchiveBytes of ${formatBytes(limits.maxArchiveBytes)}`,
      { path, limit: 'maxArchiveBytes' },
    );
  }
  const includeExamples = options.includeExamples ?? false;
  const files = await readPackageArchive(path, includeExamples, limits);
  return createFhirPackage(files, {
    source: path,
    includeExamples,
    ...(options.strict === undefined ? {} : { strict: options.strict }),
  });
}
