import { describe, expect, it, vi } from 'vitest';
import { createCanonicalRegistry } from '../packages/canonical-registry';
import { loadFhirPackages } from './load-fhir-package';
import { ukCoreFolder } from './__fixtures__/fhir-package-fixtures';

// Reading the base R4 bundles (about 40 MB of JSON) takes seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

describe('a canonical registry over UK Core and base R4', () => {
  it('resolves the base definition of every UK Core StructureDefinition, and UK Core and R4 canonicals by version', async () => {
    const set = await loadFhirPackages([ukCoreFolder()], { packageCache: false, env: {} });
    const registry = createCanonicalRegistry(set.packages);
    expect(registry.warnings).toEqual([]);
    expect(registry.packages).toEqual(['fhir.r4.ukcore.stu2#2.0.0', 'hl7.fhir.r4.core#4.0.1']);

    const ukCore = set.packages[0];
    const unresolved: string[] = [];
    for (const sd of ukCore?.resources.filter((r) => r.resourceType === 'StructureDefinition') ??
      []) {
      const base = sd.resource.baseDefinition;
      if (typeof base === 'string' && registry.resolve(base, 'StructureDefinition') === undefined) {
        unresolved.push(`${sd.fileName}: ${base}`);
      }
    }
    expect(unresolved).toEqual([]);

    expect(
      registry.list('StructureDefinition').filter((r) => r.packageId === 'fhir.r4.ukcore.stu2'),
    ).toHaveLength(153);
    expect(
      registry.list('ValueSet').filter((r) => r.packageId === 'fhir.r4.ukcore.stu2'),
    ).toHaveLength(134);
    expect(
      registry.list('CodeSystem').filter((r) => r.packageId === 'fhir.r4.ukcore.stu2'),
    ).toHaveLength(88);

    const patient = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';
    expect(registry.resolve(patient)?.version).toBe('2.6.1');
    expect(registry.resolve(`${patient}|2.6.1`)?.packageId).toBe('fhir.r4.ukcore.stu2');
    expect(registry.resolve(`${patient}|2.6`)?.version).toBe('2.6.1');
    expect(registry.resolve(`${patient}|2.5`)).toBeUndefined();
    expect(
      registry.resolve('http://hl7.org/fhir/StructureDefinition/Patient|4.0.1')?.packageId,
    ).toBe('hl7.fhir.r4.core');
  });
});
