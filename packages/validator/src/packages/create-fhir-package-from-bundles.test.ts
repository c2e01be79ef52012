import { describe, expect, it } from 'vitest';
import { createFhirPackageFromBundles } from './create-fhir-package-from-bundles';

/** What `run` throws, for matching with toMatchObject. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const sd = (id: string): Record<string, unknown> => ({
  resourceType: 'StructureDefinition',
  id,
  url: `http://hl7.org/fhir/StructureDefinition/${id}`,
  version: '4.0.1',
});

describe('createFhirPackageFromBundles', () => {
  it('turns bundle entries into resources named as in the published package', () => {
    const pkg = createFhirPackageFromBundles(
      { id: 'hl7.fhir.r4.core', version: '4.0.1', fhirVersions: ['4.0.1'] },
      [
        {
          name: 'profiles-types',
          bundle: {
            resourceType: 'Bundle',
            entry: [{ resource: sd('string') }, { resource: sd('boolean') }],
          },
        },
      ],
      'test bundles',
    );
    expect(pkg.resources.map((r) => r.fileName)).toEqual([
      'StructureDefinition-boolean.json',
      'StructureDefinition-string.json',
    ]);
    expect(pkg).toMatchObject({
      id: 'hl7.fhir.r4.core',
      version: '4.0.1',
      examples: [],
      warnings: [],
      source: 'test bundles',
    });
  });

  it('skips entries that are not resources and repeats, with warnings', () => {
    const pkg = createFhirPackageFromBundles(
      { id: 'a.b', version: '1.0.0' },
      [
        {
          name: 'one',
          bundle: {
            resourceType: 'Bundle',
            entry: [
              { resource: sd('x') },
              { resource: sd('x') },
              { fullUrl: 'urn:x' },
              7,
              { resource: [1] },
            ],
          },
        },
      ],
      'memory',
    );
    expect(pkg.resources).toHaveLength(1);
    expect(pkg.warnings.map((w) => w.message)).toEqual([
      'a.b#1.0.0 (memory): one entry 1 repeats StructureDefinition/x; the first was kept',
      'a.b#1.0.0 (memory): one entry 2 has no resource; it was skipped',
      'a.b#1.0.0 (memory): one entry 3 has no resource; it was skipped',
      'a.b#1.0.0 (memory): one entry 4 is an array, not a JSON object with a resourceType; it was skipped',
    ]);
  });

  it('fails with bad-resource for a bundle that is not a Bundle, and bad-option for a bad id', () => {
    expect(
      thrown(() =>
        createFhirPackageFromBundles(
          { id: 'a.b', version: '1' },
          [{ name: 'x', bundle: { resourceType: 'Parameters' } }],
          'm',
        ),
      ),
    ).toMatchObject({ code: 'bad-resource' });
    expect(
      thrown(() => createFhirPackageFromBundles({ id: '../a', version: '1' }, [], 'm')),
    ).toMatchObject({ code: 'bad-option' });
  });
});
