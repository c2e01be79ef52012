import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FhirPackageError } from '../packages/fhir-package-error';
import { loadFhirPackageFromArchive } from './load-fhir-package-from-archive';
import { loadFhirPackageFromFolder } from './load-fhir-package-from-folder';
import type { RawEntry } from './__fixtures__/fhir-package-fixtures';
import {
  makeTempDir,
  manifestEntry,
  rawTar,
  rawTgz,
  ukCoreFolder,
} from './__fixtures__/fhir-package-fixtures';

// Packing and reading UK Core, and the fuzzing, take seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await cleanup();
});

async function archive(name: string, content: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const resource = JSON.stringify({
  resourceType: 'ValueSet',
  id: 'a',
  url: 'https://example.org/ValueSet/a',
});

describe('loadFhirPackageFromArchive on UK Core', () => {
  it('reads the same package from a .tgz as from the folder', async () => {
    const ukCoreTgz = join(dir, 'fhir.r4.ukcore.stu2-2.0.0.tgz');
    // Packed the way registries publish packages: a gzip'd tar of package/.
    await create({ gzip: true, file: ukCoreTgz, cwd: ukCoreFolder(), portable: true }, ['package']);
    const fromArchive = await loadFhirPackageFromArchive(ukCoreTgz, { includeExamples: true });
    const fromFolder = await loadFhirPackageFromFolder(ukCoreFolder(), { includeExamples: true });
    expect(fromArchive.id).toBe('fhir.r4.ukcore.stu2');
    expect(fromArchive.resources).toHaveLength(375);
    expect(fromArchive.examples).toHaveLength(215);
    expect(fromArchive.source).toBe(ukCoreTgz);
    expect(fromArchive.warnings).toEqual([]);
    expect(fromArchive.resources).toEqual(fromFolder.resources);
    expect(fromArchive.examples).toEqual(fromFolder.examples);
  });
});

describe('loadFhirPackageFromArchive on hand-made archives', () => {
  it('reads a minimal archive and ignores other folders and entries outside package/', async () => {
    const path = await archive(
      'minimal.tgz',
      rawTgz([
        { path: 'package/', type: 'Directory' },
        manifestEntry(),
        { path: 'package/ValueSet-a.json', body: resource },
        { path: 'package/other/spreadsheet.json', body: '{' },
        { path: 'package/openapi/x.json', body: '{' },
        { path: 'README.md', body: 'hello' },
      ]),
    );
    const pkg = await loadFhirPackageFromArchive(path);
    expect(pkg.resources.map((r) => r.fileName)).toEqual(['ValueSet-a.json']);
    expect(pkg.warnings).toEqual([]);
  });

  it('accepts backslash separators from archives made on Windows', async () => {
    const path = await archive(
      'windows.tgz',
      rawTgz([
        {
          path: 'package\\package.json',
          body: JSON.stringify({ name: 'example.win', version: '1.0.0' }),
        },
        { path: 'package\\ValueSet-a.json', body: resource },
      ]),
    );
    const pkg = await loadFhirPackageFromArchive(path);
    expect(pkg.resources).toHaveLength(1);
  });

  const unsafe: [string, RawEntry, RegExp][] = [
    [
      'a ".." path',
      { path: 'package/../../evil.json', body: resource },
      /has a "\.\." path segment/,
    ],
    [
      'a Windows ".." path',
      { path: 'package\\..\\..\\evil.json', body: resource },
      /has a "\.\." path segment/,
    ],
    ['an absolute path', { path: '/etc/evil.json', body: resource }, /has an absolute path/],
    ['a drive-letter path', { path: 'C:/evil.json', body: resource }, /has an absolute path/],
    [
      'a symbolic link',
      { path: 'package/link.json', type: 'SymbolicLink', linkpath: '/etc/passwd' },
      /SymbolicLink entry/,
    ],
    [
      'a hard link',
      { path: 'package/hard.json', type: 'Link', linkpath: 'package/package.json' },
      /Link entry/,
    ],
    [
      'a character device',
      { path: 'package/dev', type: 'CharacterDevice' },
      /CharacterDevice entry/,
    ],
    ['a FIFO', { path: 'package/fifo', type: 'FIFO' }, /FIFO entry/],
  ];
  it.each(unsafe)('refuses an archive with %s (bad-archive)', async (_name, entry, message) => {
    const path = await archive('unsafe.tgz', rawTgz([manifestEntry(), entry]));
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({
      name: 'FhirPackageError',
      code: 'bad-archive',
      message: expect.stringMatching(message) as string,
    });
  });

  it('refuses a file that is not gzip', async () => {
    const path = await archive('plain.tar', rawTar([manifestEntry()]));
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({
      code: 'bad-archive',
      message: expect.stringContaining(
        'is not gzip-compressed; expected a FHIR package archive',
      ) as string,
    });
  });

  it('refuses truncated gzip data', async () => {
    const full = rawTgz([
      manifestEntry(),
      { path: 'package/ValueSet-a.json', body: resource.repeat(50) },
    ]);
    const path = await archive('truncated.tgz', full.subarray(0, Math.floor(full.length / 2)));
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({
      code: 'bad-archive',
      message: expect.stringContaining('truncated gzip data') as string,
    });
  });

  it('refuses corrupt gzip data', async () => {
    const full = rawTgz([manifestEntry(), { path: 'package/ValueSet-a.json', body: resource }]);
    const corrupt = Buffer.from(full);
    for (let i = 12; i < corrupt.length - 8; i += 7) corrupt[i] = (corrupt[i] ?? 0) ^ 0xff;
    const path = await archive('corrupt.tgz', corrupt);
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({ code: 'bad-archive' });
  });

  it('refuses a tar cut short inside an entry, even when the gzip is whole', async () => {
    const tar = rawTar(
      [manifestEntry(), { path: 'package/ValueSet-a.json', body: resource.repeat(20) }],
      { end: false },
    );
    const path = await archive('short-tar.tgz', gzipSync(tar.subarray(0, 512 * 3 + 100)));
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({
      code: 'bad-archive',
      message: expect.stringMatching(
        /not a valid tar archive inside the gzip \(.*Truncated input/,
      ) as string,
    });
  });

  it('refuses gzip data that is not a tar', async () => {
    const path = await archive(
      'not-tar.tgz',
      gzipSync(Buffer.from('just some text, not a tar archive')),
    );
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({ code: 'bad-archive' });
  });

  it('refuses a corrupt tar header (checksum)', async () => {
    const tar = rawTar([manifestEntry()]);
    tar[0] = 'X'.charCodeAt(0);
    const path = await archive('checksum.tgz', gzipSync(tar));
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({ code: 'bad-archive' });
  });

  it('fails with bad-manifest when there is no package/package.json', async () => {
    const path = await archive(
      'no-manifest.tgz',
      rawTgz([{ path: 'package/ValueSet-a.json', body: resource }]),
    );
    await expect(loadFhirPackageFromArchive(path)).rejects.toMatchObject({
      code: 'bad-manifest',
      message: expect.stringContaining('no package/package.json') as string,
    });
  });

  it('enforces the entry-count, entry-size and uncompressed-size limits', async () => {
    const path = await archive(
      'limits.tgz',
      rawTgz([
        manifestEntry(),
        { path: 'package/ValueSet-a.json', body: resource },
        { path: 'package/ValueSet-b.json', body: resource.replace('"a"', '"b"').padEnd(5000, ' ') },
      ]),
    );
    await expect(
      loadFhirPackageFromArchive(path, { limits: { maxEntries: 2 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxEntries',
    });
    await expect(
      loadFhirPackageFromArchive(path, { limits: { maxEntryBytes: 4096 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxEntryBytes',
      message: expect.stringContaining('package/ValueSet-b.json') as string,
    });
    await expect(
      loadFhirPackageFromArchive(path, { limits: { maxArchiveBytes: 3000 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxArchiveBytes',
    });
    await expect(loadFhirPackageFromArchive(path)).resolves.toMatchObject({
      id: 'example.fhir.pkg',
    });
  });

  it('stops a gzip bomb at the uncompressed-size limit', async () => {
    const bomb = gzipSync(
      Buffer.concat([rawTar([manifestEntry()], { end: false }), Buffer.alloc(8 * 1024 * 1024)]),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    const path = await archive('bomb.tgz', bomb);
    await expect(
      loadFhirPackageFromArchive(path, { limits: { maxArchiveBytes: 1024 * 1024 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxArchiveBytes',
    });
  });

  it('refuses a compressed file larger than the limit before reading it', async () => {
    const path = await archive(
      'big.tgz',
      rawTgz([manifestEntry(), { path: 'package/x.bin', body: randomBytes(8000) }]),
    );
    await expect(
      loadFhirPackageFromArchive(path, { limits: { maxArchiveBytes: 4000 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxArchiveBytes',
      message: expect.stringMatching(
        /big\.tgz is \d+ bytes \([\d.]+ KiB\), more than the limit maxArchiveBytes of 4000 bytes/,
      ) as string,
    });
  });

  it('fails with not-found for a missing archive and io for a folder', async () => {
    await expect(loadFhirPackageFromArchive(join(dir, 'missing.tgz'))).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(loadFhirPackageFromArchive(dir)).rejects.toMatchObject({ code: 'io' });
  });

  it('rejects impossible limits with bad-option', async () => {
    await expect(
      loadFhirPackageFromArchive(join(dir, 'any.tgz'), { limits: { maxEntries: -1 } }),
    ).rejects.toMatchObject({
      code: 'bad-option',
      message: expect.stringContaining(
        'options.limits.maxEntries must be a positive integer',
      ) as string,
    });
  });
});

describe('loadFhirPackageFromArchive on arbitrary bytes', () => {
  test.prop([fc.uint8Array({ maxLength: 4096 }), fc.boolean()], { numRuns: 40 })(
    'rejects with a FhirPackageError or loads, never hangs or throws anything else',
    async (bytes, gzipped) => {
      const path = await archive('fuzz.tgz', gzipped ? gzipSync(bytes) : Buffer.from(bytes));
      try {
        await loadFhirPackageFromArchive(path);
      } catch (error) {
        expect(error).toBeInstanceOf(FhirPackageError);
      }
    },
  );
});

describe('loadFhirPackageFromArchive on damaged archives', () => {
  const valid = rawTar([manifestEntry(), { path: 'package/ValueSet-a.json', body: resource }]);
  test.prop(
    [
      fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.nat({ max: 255 })), {
        minLength: 1,
        maxLength: 8,
      }),
    ],
    {
      numRuns: 60,
    },
  )('rejects with a FhirPackageError or loads, whatever bytes are changed', async (changes) => {
    const damaged = Buffer.from(valid);
    for (const [at, value] of changes) damaged[at] = value;
    const path = await archive('damaged.tgz', gzipSync(damaged));
    try {
      const pkg = await loadFhirPackageFromArchive(path);
      expect(pkg.resources.length).toBeLessThanOrEqual(1);
    } catch (error) {
      expect(error).toBeInstanceOf(FhirPackageError);
    }
  });
});
