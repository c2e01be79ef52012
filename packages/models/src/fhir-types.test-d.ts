import { describe, expectTypeOf, it } from 'vitest';
import type {
  AnyResource,
  Bundle,
  Extension,
  Observation,
  Patient,
  ResourceType,
  ResourceTypeMap,
} from './generated/fhir-r4';
import { isPatient } from './generated/fhir-r4';
import { buildPatient } from './builders';
import type { NhsNumber } from './identifiers';

// A synthetic UK Core-shaped patient (NHS number from the test range).
const patient = {
  resourceType: 'Patient',
  id: 'example-1',
  meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
  identifier: [
    {
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9990000018',
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
          valueCodeableConcept: {
            coding: [
              {
                system:
                  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                code: '01',
              },
            ],
          },
        },
      ],
    },
  ],
  name: [{ use: 'official', family: 'Example', given: ['Alex'], _given: [null] }],
  gender: 'unknown',
  birthDate: '1980-01-01',
  _birthDate: {
    extension: [
      {
        url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
        valueDateTime: '1980-01-01T08:00:00Z',
      },
    ],
  },
  multipleBirthInteger: 2,
} satisfies Patient;

describe('generated FHIR R4 types', () => {
  it('accept a realistic record and keep literal discriminants', () => {
    expectTypeOf(patient.resourceType).toEqualTypeOf<'Patient'>();
    expectTypeOf<Patient['gender']>().toEqualTypeOf<
      'male' | 'female' | 'other' | 'unknown' | undefined
    >();
  });

  it('reject a wrong resourceType, an unknown field, a wrong field type and an unbound code', () => {
    // @ts-expect-error: resourceType must be 'Patient'
    ({ resourceType: 'Practitioner' }) satisfies Patient;
    // @ts-expect-error: Patient has no field 'nickname'
    ({ resourceType: 'Patient', nickname: 'Al' }) satisfies Patient;
    // @ts-expect-error: birthDate is a FHIR date string
    ({ resourceType: 'Patient', birthDate: 19800101 }) satisfies Patient;
    // @ts-expect-error: gender has a required binding
    ({ resourceType: 'Patient', gender: 'M' }) satisfies Patient;
    // @ts-expect-error: name is 0..*, so an array
    ({ resourceType: 'Patient', name: { family: 'Example' } }) satisfies Patient;
    // @ts-expect-error: Observation.code is 1..1
    ({ resourceType: 'Observation', status: 'final' }) satisfies Observation;
    expectTypeOf<Observation['code']>().not.toBeUndefined();
  });

  it('narrow AnyResource on resourceType and through the guards', () => {
    const narrow = (resource: AnyResource): string | undefined => {
      if (resource.resourceType === 'Patient') {
        expectTypeOf(resource).toEqualTypeOf<Patient>();
        return resource.birthDate;
      }
      return undefined;
    };
    expectTypeOf(narrow).returns.toEqualTypeOf<string | undefined>();
    const value: unknown = patient;
    if (isPatient(value)) expectTypeOf(value).toEqualTypeOf<Patient>();
    expectTypeOf<ResourceTypeMap['Observation']>().toEqualTypeOf<Observation>();
    expectTypeOf<'Patient'>().toExtend<ResourceType>();
    expectTypeOf<'Resource'>().not.toExtend<ResourceType>();
  });

  it('type choice elements as their forms and Bundle entries as any resource', () => {
    expectTypeOf<Extension['valueString']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Extension['valueQuantity']>().not.toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<Bundle['entry']>[number]['resource']>().toEqualTypeOf<
      AnyResource | undefined
    >();
  });

  it('require branded identifiers in builders', () => {
    // @ts-expect-error: a plain string is not an NhsNumber; parse it first
    buildPatient({ name: { family: 'Example' }, nhsNumber: '9990000018' });
    expectTypeOf(buildPatient)
      .parameter(0)
      .toHaveProperty('nhsNumber')
      .toEqualTypeOf<NhsNumber | undefined>();
  });
});
