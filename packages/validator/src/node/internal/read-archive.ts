import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import type { FhirPackageFile } from '../../packages/create-fhir-package';
import { FhirPackageError } from '../../packages/fhir-package-error';
import type { FhirPackageLimits } from '../../packages/fhir-package-limits';
import { isWanted } from '../../packages/internal/layout';
import { formatBytes } from '../../packages/internal/limits';
import { toFsError } from './fs-error';

const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** The folder every file of a FHIR NPM package sits in. */
const PACKAGE_PREFIX = 'package/';
/** Entry types that hold file data. */
const FILE_TYPES: ReadonlySet<string> = new Set(['File', 'OldFile', 'ContiguousFile']);
/** Entry types that are harmless to pass over. */
const IGNORED_TYPES: ReadonlySet<string> = new Set(['Directory', 'GNUDumpDir']);

/** Checks the first bytes, so a wrong file gets a clear message rather than a zlib error. */
async function assertGzip(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw toFsError(error, path, 'a FHIR package archive (.tgz)');
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead < 2 || buffer[0] !== GZIP_MAGIC[0] || buffer[1] !== GZIP_MAGIC[1]) {
      throw new FhirPackageError(
        'bad-archive',
        `${path} is not gzip-compressed; expected a FHIR package archive (.tgz: a gzip'd tar with package/package.json)`,
        { path },
      );
    }
  } finally {
    await handle.close();
  }
}

/**
 * The archive path of an entry made safe, or why it is unsafe. Backslashes count as separators
 * (archives made on Windows use them), so `..\\x` is caught too.
 */
function safePath(raw: string): { path: string } | { problem: string } {
  const path = raw.replaceAll('\\', '/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    return { problem: 'has an absolute path' };
  }
  const segments = path.split('/');
  if (segments.includes('..')) return { problem: 'has a ".." path segment' };
  if (path.includes('\0')) return { problem: 'has a NUL character in its path' };
  return { path: segments.filter((s) => s !== '' && s !== '.').join('/') };
}

function zlibMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message === 'unexpected end of file'
    ? 'truncated gzip data'
    : `corrupt gzip data (${message})`;
}

/**
 * Streams a `.tgz` through gunzip and a tar parser, keeping the entries the loader wants
 * (paths relative to `package/`). Enforces the limits as the bytes arrive: uncompressed size,
 * size of each entry (from its header, before reading it) and number of entries. Rejects
 * absolute and `..` paths, links and device entries.
 */
export async function readPackageArchive(
  path: string,
  includeExamples: boolean,
  limits: FhirPackageLimits,
): Promise<FhirPackageFile[]> {
  await assertGzip(path);
  const files = new Map<string, Buffer>();
  let failure: FhirPackageError | undefined;
  let entries = 0;
  let total = 0;
  const fail = (error: FhirPackageError): void => {
    failure ??= error;
  };
  // A call, not an inline check: the parser's callbacks set `failure` where the compiler cannot see it.
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure;
  };
  const limit = (name: keyof FhirPackageLimits, message: string): FhirPackageError =>
    new FhirPackageError('limit', `${path}: ${message}`, { path, limit: name });

  const onEntry = (entry: ReadEntry): void => {
    entries += 1;
    const where = `${path}: entry ${JSON.stringify(entry.path.slice(0, 200))}`;
    if (failure !== undefined) {
      entry.resume();
      return;
    }
    if (entries > limits.maxEntries) {
      fail(
        limit(
          'maxEntries',
          `more than ${limits.maxEntries} entries (limit maxEntries); expected a FHIR package of at most that many files`,
        ),
      );
      entry.resume();
      return;
    }
    const checked = safePath(entry.path);
    if ('problem' in checked) {
      fail(
        new FhirPackageError(
          'bad-archive',
          `${where} ${checked.problem}; expected relative paths under package/`,
          { path: where },
        ),
      );
      entry.resume();
      return;
    }
    if (!FILE_TYPES.has(entry.type)) {
      if (!IGNORED_TYPES.has(entry.type)) {
        fail(
          new FhirPackageError(
            'bad-archive',
            `${where} is a ${entry.type} entry; expected only files and folders (links and devices are not allowed)`,
            { path: where },
          ),
        );
      }
      entry.resume();
      return;
    }
    if (entry.size > limits.maxEntryBytes) {
      fail(
        limit(
          'maxEntryBytes',
          `entry ${JSON.stringify(checked.path.slice(0, 200))} is ${formatBytes(entry.size)}, more than the limit maxEntryBytes of ${formatBytes(limits.maxEntryBytes)}`,
        ),
      );
      entry.resume();
      return;
    }
    const relative = checked.path.startsWith(PACKAGE_PREFIX)
      ? checked.path.slice(PACKAGE_PREFIX.length)
      : undefined;
    if (relative === undefined || !isWanted(relative, includeExamples)) {
      entry.resume();
      return;
    }
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => files.set(relative, Buffer.concat(chunks)));
  };

  // Loaded here, not at start-up: most runs read package folders, not archives.
  const { Parser } = await import('tar');
  const parser = new Parser({ strict: true, brotli: false, zstd: false, onReadEntry: onEntry });
  parser.on('ignoredEntry', () => {
    entries += 1;
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('end', () => {
      resolve();
    });
    parser.on('error', (error: Error) => {
      fail(
        new FhirPackageError(
          'bad-archive',
          `${path} is not a valid tar archive inside the gzip (${error.message}); expected a FHIR package archive`,
          { path, cause: error },
        ),
      );
      resolve();
    });
  });

  try {
    await pipeline(
      createReadStream(path),
      createGunzip(),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          total += chunk.length;
          if (total > limits.maxArchiveBytes) {
            fail(
              limit(
                'maxArchiveBytes',
                `uncompressed size exceeds the limit maxArchiveBytes of ${formatBytes(limits.maxArchiveBytes)}; expected a smaller package`,
              ),
            );
          }
          throwIfFailed();
          parser.write(chunk);
          throwIfFailed();
        }
        parser.end();
      },
    );
  } catch (error) {
    throwIfFailed();
    if (error instanceof FhirPackageError) throw error;
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new FhirPackageError(
        'bad-archive',
        `${path}: ${zlibMessage(error)}; expected a complete FHIR package archive (.tgz)`,
        { path, cause: error },
      );
    }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw toFsError(error, path, 'a FHIR package archive (.tgz)');
    }
    // Anything else was raised while parsing the tar stream.
    throw new FhirPackageError(
      'bad-archive',
      `${path} could not be read as a tar archive (${error instanceof Error ? error.message : String(error)}); expected a FHIR package archive`,
      { path, cause: error },
    );
  }
  await finished;
  throwIfFailed();
  return [...files].map(([relative, content]) => ({ path: relative, content }));
}
