import type {
  BaseDefinitionInput,
  ProfileDefinitionInput,
  ProfileElementInput,
} from '../profile-types-input';

type Extra = Omit<Partial<ProfileElementInput>, 'id' | 'path'> & Record<string, unknown>;

/**
 * One snapshot element: `id` with slices (`Patient.identifier:nhs.system`), cardinality as
 * `min..max`, its type codes (or `Code(profile)`), and the base path and cardinality (the path
 * without slices and the same cardinality unless given).
 */
export function el(
  id: string,
  card: string,
  types: readonly string[] = [],
  extra: Extra = {},
  base?: { path: string; card: string },
): ProfileElementInput {
  const path = id.replace(/:[^.]+/g, '');
  const [min = '0', max = '*'] = card.split('..');
  const [baseMin = '0', baseMax = '*'] = (base?.card ?? card).split('..');
  return {
    id,
    path,
    min: Number(min),
    max,
    base: { path: base?.path ?? path, min: Number(baseMin), max: baseMax },
    type: types.map((text) => {
      const match = /^(\w+)\((.+)\)$/.exec(text);
      return match === null ? { code: text } : { code: match[1] ?? '', profile: [match[2] ?? ''] };
    }),
    ...extra,
  };
}

export const STATUS_EXTENSION_URL = 'https://example.org/StructureDefinition/example-status';
export const LEVEL_EXTENSION_URL = 'https://example.org/StructureDefinition/example-level';
export const PATIENT_URL = 'https://example.org/StructureDefinition/ExamplePatient';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const SYSTEM_STRING = 'http://hl7.org/fhirpath/System.String';

/** A simple extension: a required CodeableConcept, no nested extensions. */
export const STATUS_EXTENSION: ProfileDefinitionInput = {
  url: STATUS_EXTENSION_URL,
  version: '2.0.0',
  name: 'ExtensionExampleStatus',
  title: 'Example Status',
  type: 'Extension',
  snapshot: [
    el('Extension', '0..*'),
    el(
      'Extension.extension',
      '0..0',
      ['Extension'],
      {},
      { path: 'Extension.extension', card: '0..*' },
    ),
    el('Extension.url', '1..1', [SYSTEM_STRING], { fixedUri: STATUS_EXTENSION_URL }),
    el(
      'Extension.value[x]',
      '1..1',
      ['CodeableConcept'],
      { short: 'The status' },
      {
        path: 'Extension.value[x]',
        card: '0..1',
      },
    ),
  ],
};

/** A complex extension (lower-case name, as core extensions have) with a nested slice. */
export const LEVEL_EXTENSION: ProfileDefinitionInput = {
  url: LEVEL_EXTENSION_URL,
  version: '1.0.0',
  name: 'level',
  type: 'Extension',
  snapshot: [
    el('Extension', '0..*'),
    el(
      'Extension.extension',
      '1..*',
      ['Extension'],
      {
        slicing: { rules: 'open', discriminator: [{ type: 'value', path: 'url' }] },
      },
      { path: 'Extension.extension', card: '0..*' },
    ),
    el(
      'Extension.extension:grade',
      '1..1',
      ['Extension'],
      {},
      {
        path: 'Extension.extension',
        card: '0..*',
      },
    ),
    el(
      'Extension.extension:grade.url',
      '1..1',
      [SYSTEM_STRING],
      { fixedUri: 'grade' },
      {
        path: 'Extension.url',
        card: '1..1',
      },
    ),
    el(
      'Extension.extension:grade.value[x]',
      '1..1',
      ['integer'],
      {},
      {
        path: 'Extension.value[x]',
        card: '0..1',
      },
    ),
    el('Extension.url', '1..1', [SYSTEM_STRING], { fixedUri: LEVEL_EXTENSION_URL }),
    el('Extension.value[x]', '0..0', ['string'], {}, { path: 'Extension.value[x]', card: '0..1' }),
  ],
};

/**
 * A Patient profile exercising every rule: raised minimums, a removed element, a fixed value,
 * a pattern, restricted and required choice elements, required and optional slices, an
 * extension slice typed by a given profile, a slice with unfolded children, and a constrained
 * backbone element.
 */
export const PATIENT_PROFILE: ProfileDefinitionInput = {
  url: PATIENT_URL,
  version: '1.0.0',
  name: 'ExamplePatient',
  title: 'Example Patient',
  description: 'A patient with an NHS number.\nSecond line.',
  type: 'Patient',
  baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
  snapshot: [
    el('Patient', '0..*', [], {
      constraint: [{ key: 'ex-1', human: 'One NHS number at most', source: PATIENT_URL }],
    }),
    el(
      'Patient.extension',
      '0..*',
      ['Extension'],
      {
        slicing: { rules: 'open', discriminator: [{ type: 'value', path: 'url' }] },
      },
      { path: 'DomainResource.extension', card: '0..*' },
    ),
    el(
      'Patient.extension:level',
      '0..1',
      [`Extension(${LEVEL_EXTENSION_URL})`],
      {},
      {
        path: 'DomainResource.extension',
        card: '0..*',
      },
    ),
    el(
      'Patient.extension:flag',
      '0..1',
      ['Extension(https://example.org/unknown-flag)'],
      {},
      {
        path: 'DomainResource.extension',
        card: '0..*',
      },
    ),
    el(
      'Patient.extension:note',
      '0..1',
      ['Extension'],
      {},
      {
        path: 'DomainResource.extension',
        card: '0..*',
      },
    ),
    el(
      'Patient.extension:note.url',
      '1..1',
      [SYSTEM_STRING],
      { fixedUri: 'https://example.org/note' },
      {
        path: 'Extension.url',
        card: '1..1',
      },
    ),
    el(
      'Patient.extension:note.value[x]',
      '1..1',
      ['string'],
      {},
      {
        path: 'Extension.value[x]',
        card: '0..1',
      },
    ),
    el(
      'Patient.identifier',
      '1..*',
      ['Identifier'],
      {
        short: 'An identifier for this patient.',
        mustSupport: true,
        slicing: { rules: 'open', discriminator: [{ type: 'value', path: 'system' }] },
      },
      { path: 'Patient.identifier', card: '0..*' },
    ),
    el(
      'Patient.identifier:nhsNumber',
      '1..1',
      ['Identifier'],
      { short: 'The NHS number' },
      {
        path: 'Patient.identifier',
        card: '0..*',
      },
    ),
    el(
      'Patient.identifier:nhsNumber.extension',
      '1..*',
      ['Extension'],
      {
        slicing: { rules: 'open', discriminator: [{ type: 'value', path: 'url' }] },
      },
      { path: 'Element.extension', card: '0..*' },
    ),
    el(
      'Patient.identifier:nhsNumber.extension:status',
      '1..1',
      [`Extension(${STATUS_EXTENSION_URL})`],
      {},
      {
        path: 'Element.extension',
        card: '0..*',
      },
    ),
    el(
      'Patient.identifier:nhsNumber.system',
      '1..1',
      ['uri'],
      { fixedUri: NHS_NUMBER_SYSTEM },
      {
        path: 'Identifier.system',
        card: '0..1',
      },
    ),
    el(
      'Patient.identifier:nhsNumber.value',
      '1..1',
      ['string'],
      {
        constraint: [{ key: 'ex-2', human: 'Ten digits', source: PATIENT_URL }],
      },
      { path: 'Identifier.value', card: '0..1' },
    ),
    el(
      'Patient.identifier:local',
      '0..1',
      ['Identifier'],
      {},
      {
        path: 'Patient.identifier',
        card: '0..*',
      },
    ),
    el(
      'Patient.identifier:local.system',
      '1..1',
      ['uri'],
      { fixedUri: 'https://example.org/mrn' },
      {
        path: 'Identifier.system',
        card: '0..1',
      },
    ),
    el('Patient.active', '0..0', ['boolean'], {}, { path: 'Patient.active', card: '0..1' }),
    el('Patient.name', '1..1', ['HumanName'], {}, { path: 'Patient.name', card: '0..*' }),
    el('Patient.telecom', '0..2', ['ContactPoint'], {}, { path: 'Patient.telecom', card: '0..*' }),
    el('Patient.gender', '1..1', ['code'], {}, { path: 'Patient.gender', card: '0..1' }),
    el('Patient.birthDate', '0..1', ['date']),
    el(
      'Patient.birthDate.extension',
      '1..*',
      ['Extension'],
      {},
      {
        path: 'Element.extension',
        card: '0..*',
      },
    ),
    el(
      'Patient.birthDate.value',
      '0..1',
      ['http://hl7.org/fhirpath/System.Date'],
      {},
      {
        path: 'date.value',
        card: '0..1',
      },
    ),
    el('Patient.deceased[x]', '0..1', ['dateTime']),
    el('Patient.maritalStatus', '0..1', ['CodeableConcept'], {
      patternCodeableConcept: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }],
      },
    }),
    el(
      'Patient.multipleBirth[x]',
      '1..1',
      ['boolean', 'integer'],
      { short: 'Whether a multiple birth.' },
      {
        path: 'Patient.multipleBirth[x]',
        card: '0..1',
      },
    ),
    el('Patient.contact', '0..*', ['BackboneElement']),
    el(
      'Patient.contact.name',
      '1..1',
      ['HumanName'],
      {},
      { path: 'Patient.contact.name', card: '0..1' },
    ),
    el('Patient.link', '0..*', ['BackboneElement'], {}, { path: 'Patient.link', card: '0..*' }),
    el(
      'Patient.link.other',
      '1..1',
      ['Reference'],
      {},
      { path: 'Patient.link.other', card: '1..1' },
    ),
  ],
};

/** Base definitions: the choice elements of Patient and Extension, as R4 defines them. */
export const BASE_DEFINITIONS: readonly BaseDefinitionInput[] = [
  {
    type: 'Patient',
    snapshot: [
      el('Patient', '0..*'),
      el('Patient.deceased[x]', '0..1', ['boolean', 'dateTime']),
      el('Patient.multipleBirth[x]', '0..1', ['boolean', 'integer']),
    ],
  },
  {
    type: 'Extension',
    snapshot: [
      el('Extension', '0..*'),
      el('Extension.value[x]', '0..1', ['string', 'integer', 'CodeableConcept', 'Coding']),
    ],
  },
];

/** An Observation profile with a closed slicing and a slice that repeats a required item. */
export const OBSERVATION_PROFILE: ProfileDefinitionInput = {
  url: 'https://example.org/StructureDefinition/ExampleObservation',
  name: 'ExampleObservation',
  type: 'Observation',
  snapshot: [
    el('Observation', '0..*'),
    el('Observation.identifier', '0..*', ['Identifier'], {
      slicing: { rules: 'closed', discriminator: [{ type: 'value', path: 'system' }] },
    }),
    el(
      'Observation.identifier:a',
      '2..2',
      ['Identifier'],
      {},
      {
        path: 'Observation.identifier',
        card: '0..*',
      },
    ),
    el(
      'Observation.identifier:a.system',
      '1..1',
      ['uri'],
      { fixedUri: 'https://example.org/a' },
      {
        path: 'Identifier.system',
        card: '0..1',
      },
    ),
    el(
      'Observation.identifier:b',
      '0..1',
      ['Identifier'],
      {},
      {
        path: 'Observation.identifier',
        card: '0..*',
      },
    ),
    el(
      'Observation.identifier:b.system',
      '1..1',
      ['uri'],
      { fixedUri: 'https://example.org/b' },
      {
        path: 'Identifier.system',
        card: '0..1',
      },
    ),
    el(
      'Observation.status',
      '1..1',
      ['code'],
      { fixedCode: 'final' },
      {
        path: 'Observation.status',
        card: '1..1',
      },
    ),
    el(
      'Observation.code',
      '1..1',
      ['CodeableConcept'],
      {},
      {
        path: 'Observation.code',
        card: '1..1',
      },
    ),
    el('Observation.effective[x]', '0..0', ['dateTime', 'Period']),
  ],
};

/** Every synthetic profile, in output order. */
export const SYNTHETIC_PROFILES: readonly ProfileDefinitionInput[] = [
  PATIENT_PROFILE,
  OBSERVATION_PROFILE,
  STATUS_EXTENSION,
  LEVEL_EXTENSION,
];
