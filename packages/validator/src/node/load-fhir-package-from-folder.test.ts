import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FhirPackageError } from '../packages/fhir-package-error';
import { loadFhirPackageFromFolder } from './load-fhir-package-from-folder';
import {
  makeTempDir,
  ukCoreFolder,
  valueSet,
  writePackage,
} from './__fixtures__/fhir-package-fixtures';

function countByType(resources: readonly { resourceType: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  return counts;
}

describe('loadFhirPackageFromFolder on UK Core', () => {
  it('reads the manifest, 153 StructureDefinitions, 134 ValueSets, 88 CodeSystems and 215 examples', async () => {
    const ukCore = await loadFhirPackageFromFolder(ukCoreFolder(), { includeExamples: true });
    expect(ukCore.id).toBe('fhir.r4.ukcore.stu2');
    expect(ukCore.version).toBe('2.0.0');
    expect(ukCore.fhirVersions).toEqual(['4.0.1']);
    expect(ukCore.dependencies).toMatchObject({ 'hl7.fhir.r4.core': '4.0.1' });
    expect(countByType(ukCore.resources)).toEqual({
      StructureDefinition: 153,
      ValueSet: 134,
      CodeSystem: 88,
    });
    expect(ukCore.examples).toHaveLength(215);
    expect(ukCore.warnings).toEqual([]);
    expect(ukCore.source).toBe(join(ukCoreFolder(), 'package'));
    const patient = ukCore.resources.find(
      (r) => r.url === 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
    );
    expect(patient).toMatchObject({
      resourceType: 'StructureDefinition',
      fileName: 'StructureDefinition-UKCore-Patient.json',
      version: '2.6.1',
    });
    expect(ukCore.examples.every((e) => e.fileName.startsWith('examples/'))).toBe(true);
  });

  it('leaves the examples out unless asked, and accepts the package/ folder itself', async () => {
    const ukCore = await loadFhirPackageFromFolder(join(ukCoreFolder(), 'package'));
    expect(ukCore.examples).toEqual([]);
    expect(ukCore.resources).toHaveLength(375);
  });

  it('sorts resources by file name', async () => {
    const { resources } = await loadFhirPackageFromFolder(ukCoreFolder());
    const names = resources.map((r) => r.fileName);
    expect(names).toEqual([...names].sort());
  });
});

describe('loadFhirPackageFromFolder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('warns about files that are not resources and skips them', async () => {
    const folder = await writePackage(dir, {
      id: 'example.pkg',
      version: '1.0.0',
      resources: [valueSet('https://example.org/ValueSet/a', '1.0.0', 'a')],
      files: {
        'broken.json': '{"resourceType": ',
        'array.json': '[1, 2]',
        'notes.txt': 'not json',
        'other/ignored.json': '{',
      },
    });
    const pkg = await loadFhirPackageFromFolder(folder);
    expect(pkg.resources.map((r) => r.fileName)).toEqual(['ValueSet-a.json']);
    expect(pkg.warnings.map((w) => [w.code, w.file])).toEqual([
      ['bad-resource', 'array.json'],
      ['bad-resource', 'broken.json'],
    ]);
    expect(pkg.warnings[1]?.message).toMatch(
      /example\.pkg#1\.0\.0 .*package\/broken\.json is not valid JSON/,
    );
  });

  it('does not follow symbolic links inside the package', async () => {
    const folder = await writePackage(dir, { id: 'example.pkg', version: '1.0.0' });
    await writeFile(
      join(dir, 'outside.json'),
      JSON.stringify(valueSet('https://example.org/ValueSet/x', '1')),
    );
    await symlink(join(dir, 'outside.json'), join(folder, 'package', 'ValueSet-link.json'));
    const pkg = await loadFhirPackageFromFolder(folder);
    expect(pkg.resources).toEqual([]);
    expect(pkg.warnings).toMatchObject([{ code: 'skipped-entry', file: 'ValueSet-link.json' }]);
  });

  it('reads examples from package/example/ as well', async () => {
    const folder = await writePackage(dir, {
      id: 'example.pkg',
      version: '1.0.0',
      files: { 'example/Patient-1.json': JSON.stringify({ resourceType: 'Patient', id: '1' }) },
    });
    const pkg = await loadFhirPackageFromFolder(folder, { includeExamples: true });
    expect(pkg.examples.map((e) => e.fileName)).toEqual(['example/Patient-1.json']);
  });

  it('fails with not-found for a missing folder, naming it', async () => {
    const missing = join(dir, 'nope#1.0.0');
    await expect(loadFhirPackageFromFolder(missing)).rejects.toMatchObject({
      code: 'not-found',
      path: missing,
      message: expect.stringContaining(
        `${missing} does not exist; expected a FHIR package folder`,
      ) as string,
    });
  });

  it('fails with bad-manifest for a folder that is not a package', async () => {
    await mkdir(join(dir, 'empty'));
    const error = await loadFhirPackageFromFolder(join(dir, 'empty')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirPackageError);
    expect(error).toMatchObject({ code: 'bad-manifest' });
  });

  it('applies the limits: entries, bytes per file and bytes in all', async () => {
    const folder = await writePackage(dir, {
      id: 'example.pkg',
      version: '1.0.0',
      resources: [
        valueSet('https://example.org/ValueSet/a', '1', 'a'),
        valueSet('https://example.org/ValueSet/b', '1', 'b'),
      ],
    });
    await expect(
      loadFhirPackageFromFolder(folder, { limits: { maxEntries: 2 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxEntries',
    });
    await expect(
      loadFhirPackageFromFolder(folder, { limits: { maxEntryBytes: 60 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxEntryBytes',
    });
    await expect(
      loadFhirPackageFromFolder(folder, { limits: { maxArchiveBytes: 200 } }),
    ).rejects.toMatchObject({
      code: 'limit',
      limit: 'maxArchiveBytes',
    });
  });
});
