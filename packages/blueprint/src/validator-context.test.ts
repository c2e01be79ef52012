import { describe, expect, it } from 'vitest';
import { loadBlueprint } from './load-blueprint';
import { createValidatorFhirContext } from './validator-context';

// Needs UK Core (blueprint-core depends on it): LHCR_FHIR_PACKAGES, set by the root vitest config.
describe('createValidatorFhirContext', () => {
  it('loads blueprint-core with its UK Core dependency and validates every example and fixture', async () => {
    const result = await loadBlueprint('@lhcr/blueprint-core', {
      from: import.meta.dirname,
      fhirContext: createValidatorFhirContext(),
    });
    const errors = result.issues.filter((i) => i.severity === 'error');
    expect(errors).toEqual([]);
    expect(result.ok).toBe(true);
  }, 60_000);

  it('reports a dependency that cannot be found as an error, naming the package', async () => {
    const context = createValidatorFhirContext({
      packages: { searchFolders: [], packageCache: false },
    });
    const issues = await context.prepare({
      fhirVersion: '4.0.1',
      dependencies: [{ id: 'example.fhir.missing', version: '9.9.9' }],
      resources: [],
    });
    expect(
      issues.some((i) => i.severity === 'error' && i.diagnostics.includes('example.fhir.missing')),
    ).toBe(true);
  });

  it('validates against a profile given by URL and reports what is wrong', async () => {
    const context = createValidatorFhirContext();
    await context.prepare({ fhirVersion: '4.0.1', dependencies: [], resources: [] });
    const result = await context.validate({ resourceType: 'Patient', gender: 'F' }, [
      'http://hl7.org/fhir/StructureDefinition/Patient',
    ]);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.expression)).toContain('Patient.gender');
  });
});
