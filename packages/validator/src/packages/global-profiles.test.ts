import { describe, expect, it } from 'vitest';
import { createValidator } from '../index';
import { r4CoreDefinitions } from '../node';
import { createCanonicalRegistry } from './canonical-registry';
import { createFhirPackage } from './create-fhir-package';
import { definitionsFromRegistry } from './registry-definitions';

const PROFILE = 'https://example.org/fhir/StructureDefinition/named-patient';

/** A package whose implementation guide makes every Patient conform to a profile naming them. */
const guide = createFhirPackage(
  [
    {
      path: 'package.json',
      content: JSON.stringify({
        name: 'example.global',
        version: '1.0.0',
        fhirVersions: ['4.0.1'],
      }),
    },
    {
      path: 'ImplementationGuide-example.json',
      content: JSON.stringify({
        resourceType: 'ImplementationGuide',
        url: 'https://example.org/fhir/ImplementationGuide/example',
        name: 'Example',
        status: 'active',
        packageId: 'example.global',
        fhirVersion: ['4.0.1'],
        global: [{ type: 'Patient', profile: PROFILE }],
      }),
    },
    {
      path: 'StructureDefinition-named-patient.json',
      content: JSON.stringify({
        resourceType: 'StructureDefinition',
        url: PROFILE,
        name: 'NamedPatient',
        status: 'active',
        kind: 'resource',
        abstract: false,
        type: 'Patient',
        baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
        derivation: 'constraint',
        differential: {
          element: [
            { id: 'Patient', path: 'Patient' },
            { id: 'Patient.name', path: 'Patient.name', min: 1 },
          ],
        },
      }),
    },
  ],
  { source: 'memory' },
);

const validator = createValidator({
  definitions: definitionsFromRegistry(createCanonicalRegistry([guide]), r4CoreDefinitions()),
  reportUnverifiedCodes: false,
});

const errors = (resource: object): string[] =>
  validator
    .validate(resource)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => `${i.expression}: ${i.diagnostics}`);

describe("an implementation guide's global profiles", () => {
  it('apply to every resource of their type, claimed or not, contained ones too', () => {
    expect(errors({ resourceType: 'Patient', name: [{ family: 'Jones' }] })).toEqual([]);
    expect(errors({ resourceType: 'Patient', gender: 'female' })).toEqual([
      expect.stringContaining('Patient.name: minimum required = 1') as string,
    ]);
    expect(
      errors({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: '#p' },
        contained: [{ resourceType: 'Patient', id: 'p' }],
      }),
    ).toEqual([
      expect.stringContaining('Observation.contained[0].name: minimum required = 1') as string,
    ]);
  });

  it('leave resources of other types alone', () => {
    expect(errors({ resourceType: 'Practitioner' })).toEqual([]);
  });
});
