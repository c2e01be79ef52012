import type { StructureDefinition } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { createValidator } from '../index';
import { r4CoreDefinitions } from '../node';

// Profile rules on inline profiles over base R4, for cases UK Core does not exercise.

const BASE = 'http://hl7.org/fhir/StructureDefinition/';

/** A constraint profile on `type` with the given differential elements. */
function profile(name: string, type: string, elements: object[]): StructureDefinition {
  const definition = {
    resourceType: 'StructureDefinition',
    url: `http://example.org/StructureDefinition/${name}`,
    name,
    status: 'active',
    kind: 'resource',
    abstract: false,
    type,
    baseDefinition: `${BASE}${type}`,
    derivation: 'constraint',
    differential: { element: [{ id: type, path: type }, ...elements] },
  };
  return definition as StructureDefinition;
}

const TIMED = profile('TimedDeviceUse', 'DeviceUseStatement', [
  { id: 'DeviceUseStatement.timing[x]', path: 'DeviceUseStatement.timing[x]', min: 1 },
]);
const PANEL = profile('VitalsPanel', 'Observation', [
  {
    id: 'Observation.hasMember',
    path: 'Observation.hasMember',
    type: [{ code: 'Reference', targetProfile: [`${BASE}vitalsigns`] }],
  },
]);

const ANY_PATIENT = profile('AnyPatient', 'Patient', []);
const OF_PATIENT = profile('OfPatient', 'Observation', [
  {
    id: 'Observation.subject',
    path: 'Observation.subject',
    type: [{ code: 'Reference', targetProfile: [ANY_PATIENT.url] }],
  },
]);

const LOCAL_ADDRESS: StructureDefinition = {
  ...profile('LocalAddress', 'Address', [
    { id: 'Address.country', path: 'Address.country', fixedString: 'AU' },
  ]),
  kind: 'complex-type',
};
const addressed = (name: string, profiles: string[]): StructureDefinition =>
  profile(name, 'Patient', [
    {
      id: 'Patient.address',
      path: 'Patient.address',
      type: [{ code: 'Address', profile: profiles }],
    },
  ]);
const EITHER_ADDRESS = addressed('EitherAddress', [LOCAL_ADDRESS.url, `${BASE}Address`]);
const LOCAL_ONLY = addressed('LocalOnly', [LOCAL_ADDRESS.url]);
// A profile whose snapshot cannot be made (Address has no `county`), beside a usable one.
const BROKEN_ADDRESS: StructureDefinition = {
  ...profile('BrokenAddress', 'Address', [
    { id: 'Address.county', path: 'Address.county', min: 1 },
  ]),
  kind: 'complex-type',
};
const LOCAL_OR_BROKEN = addressed('LocalOrBroken', [LOCAL_ADDRESS.url, BROKEN_ADDRESS.url]);

// Performers sliced by the type of what they point at, the references not resolvable here.
const PERFORMED_BY_PATIENT = profile('PerformedByPatient', 'Observation', [
  {
    id: 'Observation.performer',
    path: 'Observation.performer',
    slicing: { discriminator: [{ type: 'type', path: '$this.resolve()' }], rules: 'open' },
  },
  {
    id: 'Observation.performer:patient',
    path: 'Observation.performer',
    sliceName: 'patient',
    min: 1,
    max: '1',
    type: [{ code: 'Reference', targetProfile: [`${BASE}Patient`] }],
  },
]);

// Reference ranges sliced by type and subtype (appliesTo), the treatment slice leaving the subtype open.
const MEANING = 'http://terminology.hl7.org/CodeSystem/referencerange-meaning';
const RACE = 'http://terminology.hl7.org/CodeSystem/v3-Race';
const rangeSlice = (name: string, meaning: string, race?: string): object[] => [
  {
    id: `Observation.referenceRange:${name}`,
    path: 'Observation.referenceRange',
    sliceName: name,
    min: 1,
    max: '1',
  },
  {
    id: `Observation.referenceRange:${name}.type`,
    path: 'Observation.referenceRange.type',
    patternCodeableConcept: { coding: [{ system: MEANING, code: meaning }] },
  },
  ...(race === undefined
    ? []
    : [
        {
          id: `Observation.referenceRange:${name}.appliesTo`,
          path: 'Observation.referenceRange.appliesTo',
          patternCodeableConcept: { coding: [{ system: RACE, code: race }] },
        },
      ]),
];
const RANGES = profile('Ranges', 'Observation', [
  {
    id: 'Observation.referenceRange',
    path: 'Observation.referenceRange',
    slicing: {
      discriminator: [
        { type: 'pattern', path: 'type' },
        { type: 'pattern', path: 'appliesTo' },
      ],
      rules: 'open',
    },
  },
  ...rangeSlice('first', 'normal', '2036-2'),
  ...rangeSlice('second', 'normal', '2038-8'),
  ...rangeSlice('treatment', 'treatment'),
]);

const r4 = r4CoreDefinitions();
const inline = new Map(
  [
    TIMED,
    PANEL,
    ANY_PATIENT,
    OF_PATIENT,
    LOCAL_ADDRESS,
    EITHER_ADDRESS,
    LOCAL_ONLY,
    BROKEN_ADDRESS,
    LOCAL_OR_BROKEN,
    PERFORMED_BY_PATIENT,
    RANGES,
  ].map((p) => [p.url, p]),
);
const validator = createValidator({
  definitions: {
    structureDefinition: (url) => inline.get(url) ?? r4.structureDefinition(url),
    valueSet: (url) => r4.valueSet(url),
    codeSystem: (url) => r4.codeSystem(url),
  },
  reportUnverifiedCodes: false,
});

const errorsOf = (resource: object, url: string): string[] =>
  validator
    .validate(resource, { profiles: [url] })
    .issues.filter((i) => i.severity === 'error')
    .map((i) => `${i.expression}: ${i.diagnostics}`);

const absent = {
  extension: [{ url: `${BASE}data-absent-reason`, valueCode: 'unknown' }],
};

describe('profile cardinality', () => {
  it('counts a primitive form of a choice element present by its extensions alone', () => {
    const use = {
      resourceType: 'DeviceUseStatement',
      status: 'active',
      subject: { reference: 'Patient/1' },
      device: { reference: 'Device/1' },
    };
    expect(errorsOf({ ...use, _timingDateTime: absent }, TIMED.url)).toEqual([]);
    expect(errorsOf({ ...use, timingPeriod: { start: '2024-01-01' } }, TIMED.url)).toEqual([]);
    expect(errorsOf(use, TIMED.url)).toEqual([
      expect.stringContaining('timing[x]: minimum required = 1, but only found 0') as string,
    ]);
  });
});

describe('type profiles', () => {
  const patient = { resourceType: 'Patient', address: [{ city: 'Wellington', country: 'NZ' }] };

  it('asks a value to conform to one of its type profiles, the base type among them', () => {
    expect(errorsOf(patient, EITHER_ADDRESS.url)).toEqual([]);
    expect(errorsOf(patient, LOCAL_ONLY.url)).toEqual([
      expect.stringContaining('Value must be exactly "AU"') as string,
    ]);
  });

  it('does not take a profile that cannot be used as one the value conforms to, and says so', () => {
    const result = validator.validate(patient, { profiles: [LOCAL_OR_BROKEN.url] });
    expect(result.issues.filter((i) => i.ruleId !== 'dom-6')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        diagnostics: expect.stringContaining(
          `Profile ${BROKEN_ADDRESS.url} could not be used`,
        ) as string,
      }),
      expect.objectContaining({
        severity: 'error',
        diagnostics: expect.stringContaining('does not conform to any of the profiles') as string,
      }),
    ]);
  });
});

describe('type slicing on resolve()', () => {
  const observation = (performer: object[]) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'x' },
    performer,
  });

  it('takes the type a reference names when it cannot be resolved here', () => {
    expect(errorsOf(observation([{ reference: 'Patient/p1' }]), PERFORMED_BY_PATIENT.url)).toEqual(
      [],
    );
    expect(
      errorsOf(
        observation([
          { reference: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a', type: 'Patient' },
        ]),
        PERFORMED_BY_PATIENT.url,
      ),
    ).toEqual([]);
    expect(
      errorsOf(observation([{ reference: 'Practitioner/p1' }]), PERFORMED_BY_PATIENT.url),
    ).toEqual([expect.stringContaining('performer:patient: minimum required = 1') as string]);
  });
});

describe('target profiles', () => {
  const weight = {
    resourceType: 'Observation',
    id: 'weight',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
          },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
    subject: { reference: 'Patient/1' },
    effectiveDateTime: '2024-04-10',
    valueQuantity: { value: 91.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
  };
  const panel = (member: object) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'panel' },
    contained: [member],
    hasMember: [{ reference: '#weight' }],
  });

  it('checks a core profile named as a target profile (vitalsigns), not a type of that name', () => {
    expect(errorsOf(panel(weight), PANEL.url)).toEqual([]);
    const uncategorised = Object.fromEntries(
      Object.entries(weight).filter(([k]) => k !== 'category'),
    );
    expect(errorsOf(panel(uncategorised), PANEL.url)).toEqual([
      expect.stringContaining('does not conform to any of the target profiles') as string,
    ]);
  });

  it('checks a referenced resource as itself: its extensions in its own contexts', () => {
    const patient = {
      resourceType: 'Patient',
      id: 'p',
      extension: [{ url: `${BASE}patient-birthPlace`, valueAddress: { city: 'Leeds' } }],
    };
    const observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      contained: [patient],
      subject: { reference: '#p' },
    };
    expect(errorsOf(observation, OF_PATIENT.url)).toEqual([]);
  });
});

describe('slicing by several discriminators', () => {
  const range = (meaning: string, race?: string) => ({
    low: { value: 1 },
    type: { coding: [{ system: MEANING, code: meaning }] },
    ...(race === undefined ? {} : { appliesTo: [{ coding: [{ system: RACE, code: race }] }] }),
  });
  const observation = (ranges: object[]) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'x' },
    referenceRange: ranges,
  });

  it('lets a slice leave a discriminator open when another one places it', () => {
    const all = [range('normal', '2036-2'), range('normal', '2038-8'), range('treatment')];
    expect(errorsOf(observation(all), RANGES.url)).toEqual([]);
    expect(errorsOf(observation(all.slice(0, 2)), RANGES.url)).toEqual([
      expect.stringContaining('referenceRange: minimum required = 3, but only found 2') as string,
      expect.stringContaining('referenceRange:treatment: minimum required = 1') as string,
    ]);
    expect(errorsOf(observation([...all, range('treatment', '2036-2')]), RANGES.url)).toEqual([
      expect.stringContaining(
        'referenceRange:treatment: maximum allowed = 1, but found 2',
      ) as string,
    ]);
  });
});
