import type { Dirent } from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FhirPackageFile } from '../../packages/create-fhir-package';
import { FhirPackageError } from '../../packages/fhir-package-error';
import type { FhirPackageLimits } from '../../packages/fhir-package-limits';
import { EXAMPLE_FOLDERS, isWanted } from '../../packages/internal/layout';
import { formatBytes } from '../../packages/internal/limits';
import { isMissing, toFsError } from './fs-error';

/**
 * Files read between turns of the event loop. A package is hundreds of small files: reading
 * them synchronously is about twice as fast as through the thread pool (30 ms against 70 ms for
 * UK Core), and yielding after each batch keeps a server that loads one responsive.
 */
const BATCH = 64;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** What the folder reader found: the wanted files, and entries it would not read. */
export interface FolderFiles {
  readonly files: FhirPackageFile[];
  /** Paths (relative to `package/`) of wanted-looking entries that are not plain files. */
  readonly skipped: string[];
}

/**
 * Reads the files the loader wants from a `package/` folder: the manifest, `.index.json`,
 * `*.json` directly inside, and `examples/*.json` when asked. Applies the limits: entries
 * examined, bytes per file, bytes in all. Symbolic links and other non-files are not followed.
 */
export async function readPackageFolder(
  root: string,
  includeExamples: boolean,
  limits: FhirPackageLimits,
): Promise<FolderFiles> {
  let examined = 0;
  let total = 0;
  const wanted: { path: string; absolute: string }[] = [];
  const skipped: string[] = [];

  const list = async (folder: string, prefix: string): Promise<Dirent[]> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (prefix !== '' && isMissing(error)) return [];
      throw toFsError(error, folder, 'a FHIR package folder');
    }
    examined += entries.length;
    if (examined > limits.maxEntries) {
      throw new FhirPackageError(
        'limit',
        `${root} has more than ${limits.maxEntries} entries (limit maxEntries); expected a FHIR package of at most that many files`,
        { path: root, limit: 'maxEntries' },
      );
    }
    return entries;
  };

  const consider = (entries: readonly Dirent[], folder: string, prefix: string): void => {
    for (const entry of entries) {
      const path = `${prefix}${entry.name}`;
      if (!isWanted(path, includeExamples)) continue;
      if (entry.isFile()) wanted.push({ path, absolute: join(folder, entry.name) });
      else skipped.push(path);
    }
  };

  const top = await list(root, '');
  consider(top, root, '');
  if (includeExamples) {
    for (const name of EXAMPLE_FOLDERS) {
      const isFolder = top.some((entry) => entry.name === name && entry.isDirectory());
      if (!isFolder) continue;
      const folder = join(root, name);
      consider(await list(folder, `${name}/`), folder, `${name}/`);
    }
  }

  const files: FhirPackageFile[] = [];
  for (const [index, { path, absolute }] of wanted.entries()) {
    if (index > 0 && index % BATCH === 0) await yieldToEventLoop();
    let size: number;
    try {
      size = statSync(absolute).size;
    } catch (error) {
      throw toFsError(error, absolute, 'a readable file');
    }
    if (size > limits.maxEntryBytes) {
      throw new FhirPackageError(
        'limit',
        `${absolute} is ${formatBytes(size)}, more than the limit maxEntryBytes of ${formatBytes(limits.maxEntryBytes)}; expected smaller files`,
        { path: absolute, limit: 'maxEntryBytes' },
      );
    }
    total += size;
    if (total > limits.maxArchiveBytes) {
      throw new FhirPackageError(
        'limit',
        `${root} holds more than ${formatBytes(limits.maxArchiveBytes)} of files to read (limit maxArchiveBytes); expected a smaller package`,
        { path: root, limit: 'maxArchiveBytes' },
      );
    }
    let content: Buffer;
    try {
      content = readFileSync(absolute);
    } catch (error) {
      throw toFsError(error, absolute, 'a readable file');
    }
    // The file may have grown since stat; the limit is on what was read.
    if (content.length > limits.maxEntryBytes) {
      throw new FhirPackageError(
        'limit',
        `${absolute} is more than the limit maxEntryBytes of ${formatBytes(limits.maxEntryBytes)}; expected smaller files`,
        { path: absolute, limit: 'maxEntryBytes' },
      );
    }
    files.push({ path, content });
  }
  return { files, skipped };
}
