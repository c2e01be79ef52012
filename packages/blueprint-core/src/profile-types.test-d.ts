import type { Extension, Quantity, ResourceTypeMap } from '@lhcr/models';
import { assertType, describe, expectTypeOf, it } from 'vitest';
import {
  baselinePatient,
  consentLocalDissentExample,
  deceasedPatient,
  medicationRequestExample,
  observationVitalSignsExample,
  organizationExample,
  patientExample,
  PROFILE_EXAMPLES,
} from './__fixtures__/profile-examples';
import type { ProfileExample } from './__fixtures__/profile-examples';
import type {
  ExtensionUkCoreNhsNumberVerificationStatus,
  LhcrObservationVitalSigns,
  LhcrOrganization,
  LhcrPatient,
  LhcrPatientIdentifierNhsNumber,
  ProfileTypeMap,
} from './generated/profile-types';

const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
const VERIFICATION_STATUS =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';

/** `value` without `key` (type tests are checked, not run). */
declare function omit<T, K extends keyof T>(value: T, key: K): Omit<T, K>;

/** The @lhcr/models type a profile type narrows. */
type BaseOf<T> = T extends { resourceType: infer R extends keyof ResourceTypeMap }
  ? ResourceTypeMap[R]
  : T extends { url: string }
    ? Extension
    : Quantity;

/** The profile URLs whose types do not narrow their base type (there should be none). */
type NotNarrowing = {
  [U in keyof ProfileTypeMap]: ProfileTypeMap[U] extends BaseOf<ProfileTypeMap[U]> ? never : U;
}[keyof ProfileTypeMap];

describe('blueprint-core profile types', () => {
  it('accept every example and the fixture patients, written as literals', () => {
    // Each literal in __fixtures__/profile-examples.ts `satisfies` its profile's type.
    expectTypeOf(patientExample).toExtend<LhcrPatient>();
    expectTypeOf(baselinePatient).toExtend<LhcrPatient>();
    expectTypeOf(deceasedPatient).toExtend<LhcrPatient>();
    expectTypeOf(observationVitalSignsExample).toExtend<LhcrObservationVitalSigns>();
    expectTypeOf(PROFILE_EXAMPLES).items.toEqualTypeOf<ProfileExample>();
  });

  it('narrow the base types: every profile type is still its base resource or data type', () => {
    expectTypeOf<NotNarrowing>().toBeNever();
    expectTypeOf<keyof ProfileTypeMap>().toExtend<string>();
  });

  it('require the NHS number slice first in Patient.identifier, with its system and status', () => {
    expectTypeOf<LhcrPatient['identifier'][0]>().toEqualTypeOf<LhcrPatientIdentifierNhsNumber>();
    expectTypeOf<LhcrPatientIdentifierNhsNumber['system']>().toEqualTypeOf<typeof NHS_NUMBER>();
    expectTypeOf<LhcrPatientIdentifierNhsNumber['value']>().toEqualTypeOf<string>();
    expectTypeOf<
      LhcrPatientIdentifierNhsNumber['extension'][0]
    >().toEqualTypeOf<ExtensionUkCoreNhsNumberVerificationStatus>();
    expectTypeOf<ExtensionUkCoreNhsNumberVerificationStatus['url']>().toEqualTypeOf<
      typeof VERIFICATION_STATUS
    >();
    expectTypeOf<LhcrPatient['gender']>().toEqualTypeOf<'male' | 'female' | 'other' | 'unknown'>();
  });

  it('reject a Patient without the NHS number, with a wrong system or a disallowed form', () => {
    // @ts-expect-error: Patient.identifier is 1..* and the NHS number slice is required
    assertType<LhcrPatient>(omit(patientExample, 'identifier'));
    assertType<LhcrPatient>({
      ...patientExample,
      // @ts-expect-error: the first identifier must be the NHS number
      identifier: [{ system: 'https://fhir.example.org/Id/hospital-number', value: 'H123' }],
    });
    assertType<LhcrPatient>({
      ...patientExample,
      // @ts-expect-error: the NHS number slice's system is fixed
      identifier: [{ ...patientExample.identifier[0], system: 'https://fhir.nhs.uk/Id/nhs-numbr' }],
    });
    assertType<LhcrPatient>({
      ...patientExample,
      identifier: [
        {
          ...patientExample.identifier[0],
          // @ts-expect-error: the verification status is a CodeableConcept, not a Coding
          extension: [{ url: VERIFICATION_STATUS, valueCoding: { code: '01' } }],
        },
      ],
    });
    assertType<LhcrPatient>({
      ...patientExample,
      // @ts-expect-error: the verification status extension is required
      identifier: [{ system: NHS_NUMBER, value: '9992197625' }],
    });
    // @ts-expect-error: birthDate is required
    assertType<LhcrPatient>(omit(patientExample, 'birthDate'));
  });

  it('reject what other profiles forbid: fixed values, patterns, removed choice forms', () => {
    assertType<LhcrOrganization>({
      ...organizationExample,
      identifier: [
        // @ts-expect-error: the ODS system is spelt organization
        { system: 'https://fhir.nhs.uk/Id/ods-organisation-code', value: 'Y99901' },
      ],
    });
    assertType<
      ProfileTypeMap['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest']
    >({
      ...omit(medicationRequestExample, 'medicationCodeableConcept'),
      // @ts-expect-error: UK Core allows medicationCodeableConcept only
      medicationReference: { reference: 'Medication/example' },
    });
    assertType<LhcrObservationVitalSigns>({
      ...observationVitalSignsExample,
      // @ts-expect-error: a vital sign's status is fixed to final
      status: 'preliminary',
    });
    // @ts-expect-error: one form of effective[x] is required
    assertType<LhcrObservationVitalSigns>(omit(observationVitalSignsExample, 'effectiveDateTime'));
    assertType<
      ProfileTypeMap['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent']
    >({
      ...consentLocalDissentExample,
      category: [
        {
          coding: [
            // @ts-expect-error: the category pattern is v3-ActCode INFA
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IDSCL' },
          ],
        },
      ],
    });
  });
});
