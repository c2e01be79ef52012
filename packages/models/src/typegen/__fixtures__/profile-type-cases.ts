import { BASE_IMPORT } from './compile-types';
import { NHS_NUMBER_SYSTEM, PATIENT_PROFILE, STATUS_EXTENSION_URL } from './synthetic-profiles';

/** A literal that satisfies ExamplePatient, to vary in the cases below. */
const VALID_PATIENT = `{
  resourceType: 'Patient',
  identifier: [
    {
      system: '${NHS_NUMBER_SYSTEM}',
      value: '9990000018',
      extension: [
        {
          url: '${STATUS_EXTENSION_URL}',
          valueCodeableConcept: { coding: [{ system: 'https://example.org/status', code: '01' }] },
        },
      ],
    },
    { system: 'https://example.org/mrn', value: 'A1' },
  ],
  name: [{ family: 'Example', given: ['Alex'] }],
  gender: 'unknown',
  multipleBirthBoolean: false,
  deceasedDateTime: '2020-01-01',
  maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M', display: 'Married' }] },
  contact: [{ name: { family: 'Example' } }],
  extension: [
    { url: 'https://example.org/StructureDefinition/example-level', extension: [{ url: 'grade', valueInteger: 2 }] },
  ],
}`;

/**
 * Type-level cases for the synthetic profiles, importing them from `./types`: each
 * `@ts-expect-error` marks a literal the profile forbids; everything else must compile.
 */
export const PROFILE_TYPE_CASES = `import type * as fhir from '${BASE_IMPORT}';
import type {
  ExampleObservation,
  ExamplePatient,
  ExamplePatientExtensionNote,
  ExtensionExampleLevel,
  ProfileTypeMap,
} from './types';

const valid = ${VALID_PATIENT} satisfies ExamplePatient;
export const asBase: fhir.Patient = valid;
export const byUrl: ProfileTypeMap['${PATIENT_PROFILE.url}'] = valid;

// @ts-expect-error: the NHS number slice is required, and comes first
export const noNhsNumber = { ...valid, identifier: [{ system: 'https://example.org/mrn', value: 'A1' }] } satisfies ExamplePatient;
// @ts-expect-error: identifier is required
export const noIdentifier = { ...valid, identifier: undefined } satisfies ExamplePatient;
export const wrongSystem = {
  ...valid,
  // @ts-expect-error: the slice's system is fixed
  identifier: [{ ...valid.identifier[0], system: 'https://fhir.nhs.uk/Id/nhs-numbr' }],
} satisfies ExamplePatient;
export const noStatus = {
  ...valid,
  // @ts-expect-error: the verification status extension is required in the slice
  identifier: [{ system: '${NHS_NUMBER_SYSTEM}', value: '9990000018' }],
} satisfies ExamplePatient;
export const wrongStatusForm = {
  ...valid,
  identifier: [
    {
      ...valid.identifier[0],
      // @ts-expect-error: the status extension allows valueCodeableConcept only
      extension: [{ url: '${STATUS_EXTENSION_URL}', valueString: '01' }],
    },
  ],
} satisfies ExamplePatient;
const { deceasedDateTime: _deceased, multipleBirthBoolean: _multipleBirth, ...rest } = valid;
// @ts-expect-error: deceased[x] allows dateTime only
export const deceasedBoolean = { ...rest, multipleBirthBoolean: true, deceasedBoolean: true } satisfies ExamplePatient;
// @ts-expect-error: active is removed (max 0)
export const active = { ...valid, active: true } satisfies ExamplePatient;
// @ts-expect-error: gender is required
export const noGender = { ...valid, gender: undefined } satisfies ExamplePatient;
// @ts-expect-error: gender keeps its code union
export const badGender = { ...valid, gender: 'M' } satisfies ExamplePatient;
// @ts-expect-error: one form of multipleBirth[x] is required
export const noMultipleBirth = { ...rest } satisfies ExamplePatient;
// @ts-expect-error: only one form of multipleBirth[x] may be present
export const twoMultipleBirths = { ...valid, multipleBirthInteger: 2 } satisfies ExamplePatient;
export const intMultipleBirth = { ...rest, multipleBirthInteger: 2 } satisfies ExamplePatient;
// @ts-expect-error: contact.name is required
export const contactWithoutName = { ...valid, contact: [{ gender: 'male' }] } satisfies ExamplePatient;
export const wrongPattern = {
  ...valid,
  // @ts-expect-error: the pattern's code is fixed
  maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'S' }] },
} satisfies ExamplePatient;
// @ts-expect-error: name is 1..1 on a repeating element: exactly one item
export const twoNames = { ...valid, name: [{ family: 'A' }, { family: 'B' }] } satisfies ExamplePatient;
export const twoPhones = { ...valid, telecom: [{ value: '1' }, { value: '2' }] } satisfies ExamplePatient;
// @ts-expect-error: telecom has at most two items
export const threePhones = { ...valid, telecom: [{ value: '1' }, { value: '2' }, { value: '3' }] } satisfies ExamplePatient;
// @ts-expect-error: birthDate's extensions are required when _birthDate is given
export const emptyBirthDate = { ...valid, birthDate: '2000', _birthDate: { id: 'x' } } satisfies ExamplePatient;
export const note: ExamplePatientExtensionNote = { url: 'https://example.org/note', valueString: 'x' };
// @ts-expect-error: the inline slice's value is required and a string
export const badNote: ExamplePatientExtensionNote = { url: 'https://example.org/note', valueInteger: 1 };
// @ts-expect-error: the nested grade slice is required in the level extension
export const noGrade: ExtensionExampleLevel = { url: 'https://example.org/StructureDefinition/example-level', extension: [{ url: 'other', valueString: 'x' }] };
// @ts-expect-error: the level extension has no value
export const levelValue: ExtensionExampleLevel = { ...valid.extension[0], valueString: 'x' };

const observation = {
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'x' },
  identifier: [
    { system: 'https://example.org/a', value: '1' },
    { system: 'https://example.org/a', value: '2' },
    { system: 'https://example.org/b', value: '3' },
  ],
} satisfies ExampleObservation;
export const asObservation: fhir.Observation = observation;
// @ts-expect-error: the slicing is closed: other systems are not allowed
export const otherSystem = { ...observation, identifier: [...observation.identifier, { system: 'https://example.org/c' }] } satisfies ExampleObservation;
// @ts-expect-error: slice a is required twice
export const oneA = { ...observation, identifier: [observation.identifier[0]] } satisfies ExampleObservation;
// @ts-expect-error: status is fixed
export const preliminary = { ...observation, status: 'preliminary' } satisfies ExampleObservation;
// @ts-expect-error: effective[x] is removed
export const effective = { ...observation, effectivePeriod: {} } satisfies ExampleObservation;
`;
