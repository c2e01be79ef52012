import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createFhirPackage } from '../packages/create-fhir-package';
import type { FhirPackage } from '../packages/fhir-package';
import { FhirPackageError } from '../packages/fhir-package-error';
import type { FhirPackageWarning } from '../packages/fhir-package-warning';
import { resolveLimits } from '../packages/internal/limits';
import { isMissing, toFsError } from './internal/fs-error';
import { readPackageFolder } from './internal/read-folder';
import type { ReadFhirPackageOptions } from './read-fhir-package-options';

const EXPECTED =
  'a FHIR package folder (<id>#<version>/package/package.json, or a package/ folder holding package.json)';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw toFsError(error, path, 'a readable package manifest');
  }
}

/**
 * Finds the `package/` folder of a package folder: `folder/package` when it holds
 * `package.json` (the package cache's `<id>#<version>/` layout), else `folder` itself.
 */
async function packageRoot(folder: string): Promise<string> {
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    throw toFsError(error, folder, EXPECTED);
  }
  if (!info.isDirectory()) {
    throw new FhirPackageError('io', `${folder} is a file; expected ${EXPECTED}`, { path: folder });
  }
  const nested = join(folder, 'package');
  if (await isFile(join(nested, 'package.json'))) return nested;
  if (await isFile(join(folder, 'package.json'))) return folder;
  throw new FhirPackageError(
    'bad-manifest',
    `${folder} has no package/package.json or package.json; expected ${EXPECTED}`,
    { path: folder },
  );
}

/**
 * Loads a FHIR NPM package from a folder: either a package-cache folder (`<id>#<version>/`,
 * holding `package/`) or the `package/` folder itself. Only JSON resources directly in
 * `package/` (and, with `includeExamples`, in `package/examples/`) are read; symbolic links
 * inside the package are not followed (each is a `skipped-entry` warning). Limits apply to the
 * entries examined and the bytes read.
 *
 * @throws {FhirPackageError} `not-found` (no such folder), `io`, `bad-manifest`, `limit`, and
 *   with `strict`, `bad-resource`.
 * @see https://hl7.org/fhir/packages.html
 * @example
 * ```ts
 * import { loadFhirPackageFromFolder } from '@lhcr/validator/node';
 *
 * const ukCore = await loadFhirPackageFromFolder('../shared/fhir-packages/fhir.r4.ukcore.stu2#2.0.0', {
 *   includeExamples: true,
 * });
 * console.log(ukCore.resources.length, ukCore.examples.length); // 375 215
 * ```
 */
export async function loadFhirPackageFromFolder(
  folder: string,
  options: ReadFhirPackageOptions = {},
): Promise<FhirPackage> {
  if (folder === '') {
    throw new FhirPackageError('bad-option', `the package folder is empty; expected ${EXPECTED}`);
  }
  const limits = resolveLimits(options.limits);
  const root = await packageRoot(resolve(folder));
  const includeExamples = options.includeExamples ?? false;
  const { files, skipped } = await readPackageFolder(root, includeExamples, limits);
  const pkg = createFhirPackage(files, {
    source: root,
    includeExamples,
    ...(options.strict === undefined ? {} : { strict: options.strict }),
  });
  if (skipped.length === 0) return pkg;
  const label = `${pkg.id}#${pkg.version}`;
  const extra: FhirPackageWarning[] = skipped.map((file) => ({
    code: 'skipped-entry',
    message: `${label} (${root}): package/${file} is not a plain file (a symbolic link, folder or device); it was not read`,
    package: label,
    file,
  }));
  return { ...pkg, warnings: [...pkg.warnings, ...extra] };
}
