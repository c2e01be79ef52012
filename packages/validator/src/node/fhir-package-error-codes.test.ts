import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FHIR_PACKAGE_ERROR_CODES,
  FhirPackageError,
  isFhirPackageError,
} from '../packages/fhir-package-error';
import type { FhirPackageErrorCode } from '../packages/fhir-package-error';
import { loadFhirPackage, loadFhirPackages } from './load-fhir-package';
import { loadFhirPackageFromArchive } from './load-fhir-package-from-archive';
import {
  makeTempDir,
  manifestEntry,
  rawTgz,
  writePackage,
} from './__fixtures__/fhir-package-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await writePackage(dir, { id: 'bad.resource', version: '1.0.0', files: { 'broken.json': '{' } });
  await writePackage(dir, {
    id: 'needs.missing',
    version: '1.0.0',
    dependencies: { 'not.there': '1.0.0' },
  });
  await writePackage(dir, {
    id: 'cycle.a',
    version: '1.0.0',
    dependencies: { 'cycle.b': '1.0.0' },
  });
  await writePackage(dir, {
    id: 'cycle.b',
    version: '1.0.0',
    dependencies: { 'cycle.a': '1.0.0' },
  });
  await writePackage(dir, {
    id: 'big.file',
    version: '1.0.0',
    files: { 'ValueSet-big.json': `{"resourceType":"ValueSet"${' '.repeat(4096)}}` },
  });
  await mkdir(join(dir, 'no.manifest#1.0.0', 'package'), { recursive: true });
  await writeFile(
    join(dir, 'unsafe.tgz'),
    rawTgz([manifestEntry(), { path: 'package/../../x.json', body: '{}' }]),
  );
});
afterAll(async () => {
  await cleanup();
});

const options = (): {
  searchFolders: string[];
  packageCache: false;
  env: Record<string, never>;
} => ({
  searchFolders: [dir],
  packageCache: false,
  env: {},
});

/** One real way to meet each code. */
const cases: Record<FhirPackageErrorCode, () => Promise<unknown>> = {
  'not-found': () => loadFhirPackage('nothing.here#1.0.0', options()),
  // A folder where an archive is expected: the path exists but cannot be read as a file.
  io: () => loadFhirPackageFromArchive(join(dir, 'no.manifest#1.0.0')),
  'bad-option': () => loadFhirPackage('', options()),
  'bad-reference': () => loadFhirPackage('bad reference!', options()),
  'bad-archive': () => loadFhirPackage(join(dir, 'unsafe.tgz'), options()),
  'bad-manifest': () => loadFhirPackage('no.manifest#1.0.0', options()),
  'bad-resource': () => loadFhirPackage('bad.resource#1.0.0', { ...options(), strict: true }),
  'missing-dependency': () =>
    loadFhirPackages(['needs.missing#1.0.0'], { ...options(), strict: true }),
  'dependency-cycle': () => loadFhirPackages(['cycle.a#1.0.0'], { ...options(), strict: true }),
  limit: () => loadFhirPackage('big.file#1.0.0', { ...options(), limits: { maxEntryBytes: 1024 } }),
};

describe('FhirPackageError codes', () => {
  it('has a case for every code', () => {
    expect(Object.keys(cases).sort()).toEqual([...FHIR_PACKAGE_ERROR_CODES].sort());
  });

  it.each(FHIR_PACKAGE_ERROR_CODES)(
    '%s: thrown with a message, never a stack, in the message',
    async (code) => {
      const error = await cases[code]().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FhirPackageError);
      expect(isFhirPackageError(error)).toBe(true);
      const { code: actual, message } = error as FhirPackageError;
      expect(actual).toBe(code);
      expect(message.length).toBeGreaterThan(20);
      expect(message).not.toMatch(/\n\s+at /);
    },
  );
});

describe('isFhirPackageError', () => {
  it('recognises errors from another copy of the module by name and code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'FhirPackageError', code: 'limit' });
    expect(isFhirPackageError(foreign)).toBe(true);
    expect(
      isFhirPackageError(
        Object.assign(new Error('x'), { name: 'FhirPackageError', code: 'other' }),
      ),
    ).toBe(false);
    expect(isFhirPackageError(new Error('x'))).toBe(false);
    expect(isFhirPackageError({ name: 'FhirPackageError', code: 'limit' })).toBe(false);
  });
});
