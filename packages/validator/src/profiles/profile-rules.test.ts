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

// Telecoms sliced by value on `system`: the phone slice by a required binding, not a fixed code.
const PHONE_SYSTEMS = {
  resourceType: 'ValueSet',
  url: 'http://example.org/ValueSet/phone-systems',
  status: 'active',
  compose: {
    include: [
      {
        system: 'http://hl7.org/fhir/contact-point-system',
        concept: [{ code: 'phone' }, { code: 'sms' }],
      },
    ],
  },
};
const TELECOMS = profile('Telecoms', 'Patient', [
  {
    id: 'Patient.telecom',
    path: 'Patient.telecom',
    slicing: { discriminator: [{ type: 'value', path: 'system' }], rules: 'closed' },
  },
  { id: 'Patient.telecom:phone', path: 'Patient.telecom', sliceName: 'phone', min: 1, max: '1' },
  {
    id: 'Patient.telecom:phone.system',
    path: 'Patient.telecom.system',
    binding: { strength: 'required', valueSet: PHONE_SYSTEMS.url },
  },
  { id: 'Patient.telecom:email', path: 'Patient.telecom', sliceName: 'email', max: '1' },
  { id: 'Patient.telecom:email.system', path: 'Patient.telecom.system', fixedCode: 'email' },
]);

// Bundle entries sliced by type and profile, as IPS 2.0.0 does, one slice giving a type alone.
const CARE_BUNDLE = profile('CareBundle', 'Bundle', [
  {
    id: 'Bundle.entry',
    path: 'Bundle.entry',
    slicing: {
      discriminator: [
        { type: 'type', path: 'resource' },
        { type: 'profile', path: 'resource' },
      ],
      rules: 'open',
    },
  },
  { id: 'Bundle.entry:patient', path: 'Bundle.entry', sliceName: 'patient', min: 1, max: '1' },
  {
    id: 'Bundle.entry:patient.resource',
    path: 'Bundle.entry.resource',
    min: 1,
    type: [{ code: 'Patient', profile: [ANY_PATIENT.url] }],
  },
  { id: 'Bundle.entry:careplan', path: 'Bundle.entry', sliceName: 'careplan', min: 1 },
  {
    id: 'Bundle.entry:careplan.resource',
    path: 'Bundle.entry.resource',
    min: 1,
    type: [{ code: 'CarePlan' }],
  },
]);

// Invariants that test codes against value sets with memberOf().
const PHONE_ONLY = profile('PhoneOnly', 'Patient', [
  {
    id: 'Patient',
    path: 'Patient',
    constraint: [
      {
        key: 'phone-1',
        severity: 'error',
        human: 'Telecoms are phones',
        expression: `telecom.system.all(memberOf('${PHONE_SYSTEMS.url}'))`,
      },
      {
        key: 'remote-1',
        severity: 'error',
        human: 'Languages are from a value set not loaded here',
        expression: "communication.language.all(memberOf('http://example.org/ValueSet/remote'))",
      },
    ],
  },
]);

// Invariants on primitive elements: a single one, a repeating one, and one seen with its extensions.
const PRIMITIVE_RULES = profile('PrimitiveRules', 'Patient', [
  {
    id: 'Patient.identifier.value',
    path: 'Patient.identifier.value',
    constraint: [
      {
        key: 'sor-1',
        severity: 'error',
        human: 'A SOR organisation code has 15 digits',
        expression: "matches('^[0-9]{15}$')",
      },
    ],
  },
  {
    id: 'Patient.name.given',
    path: 'Patient.name.given',
    constraint: [
      {
        key: 'given-1',
        severity: 'error',
        human: 'Given names are not abbreviated',
        expression: "endsWith('.').not()",
      },
    ],
  },
  {
    id: 'Patient.birthDate',
    path: 'Patient.birthDate',
    constraint: [
      {
        key: 'dob-1',
        severity: 'error',
        human: 'A birth date is at least to the month, or says why not',
        expression: "toString().length() >= 7 or extension('http://example.org/why').exists()",
      },
    ],
  },
]);

// Bounds on values: a Quantity in UCUM units, and a date.
const kg = (value: number) => ({
  value,
  unit: 'kg',
  system: 'http://unitsofmeasure.org',
  code: 'kg',
});
const BOUNDED_WEIGHT = profile('BoundedWeight', 'Observation', [
  {
    id: 'Observation.value[x]',
    path: 'Observation.value[x]',
    minValueQuantity: kg(0),
    maxValueQuantity: kg(500),
  },
  {
    id: 'Observation.effective[x]',
    path: 'Observation.effective[x]',
    minValueDateTime: '2000-01-01T00:00:00Z',
  },
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
    TELECOMS,
    CARE_BUNDLE,
    PHONE_ONLY,
    PRIMITIVE_RULES,
    BOUNDED_WEIGHT,
  ].map((p) => [p.url, p]),
);
const validator = createValidator({
  definitions: {
    structureDefinition: (url) => inline.get(url) ?? r4.structureDefinition(url),
    valueSet: (url) => (url === PHONE_SYSTEMS.url ? PHONE_SYSTEMS : r4.valueSet(url)),
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

describe('profile invariants on primitive elements', () => {
  it('evaluates them on each value, seen with its extensions', () => {
    const patient = {
      resourceType: 'Patient',
      identifier: [{ system: 'http://example.org/sor', value: '123456789012345' }],
      name: [{ given: ['Ann', 'B.'], _given: [null, { id: 'g2' }] }],
      birthDate: '1970',
      _birthDate: { extension: [{ url: 'http://example.org/why', valueString: 'unknown month' }] },
    };
    expect(errorsOf(patient, PRIMITIVE_RULES.url)).toEqual([
      expect.stringContaining('Patient.name[0].given[1]: Constraint failed: given-1') as string,
    ]);
    const worse = {
      ...patient,
      identifier: [{ value: '1234' }],
      name: [{ given: ['Ann'] }],
      _birthDate: undefined,
    };
    expect(errorsOf(worse, PRIMITIVE_RULES.url)).toEqual([
      expect.stringContaining('Patient.identifier[0].value: Constraint failed: sor-1') as string,
      expect.stringContaining('Patient.birthDate: Constraint failed: dob-1') as string,
    ]);
  });
});

describe('minimum and maximum values', () => {
  const weight = (valueQuantity: object, effectiveDateTime = '2024-05-01') => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'Body weight' },
    valueQuantity,
    effectiveDateTime,
  });
  const ucum = (value: number, code: string) => ({
    value,
    unit: code,
    system: 'http://unitsofmeasure.org',
    code,
  });

  it('accepts values within the bounds, in the bound unit or converted from another', () => {
    expect(errorsOf(weight(kg(70)), BOUNDED_WEIGHT.url)).toEqual([]);
    expect(errorsOf(weight(ucum(70_000, 'g')), BOUNDED_WEIGHT.url)).toEqual([]);
    expect(errorsOf(weight(kg(0)), BOUNDED_WEIGHT.url)).toEqual([]);
  });

  it('reports a value below the minimum or above the maximum, after converting its unit', () => {
    expect(errorsOf(weight(kg(-1)), BOUNDED_WEIGHT.url)).toEqual([
      'Observation.value.ofType(Quantity): The value is less than the minimum 0 kg that http://example.org/StructureDefinition/BoundedWeight allows',
    ]);
    expect(errorsOf(weight(ucum(-1, 'g')), BOUNDED_WEIGHT.url)).toEqual([
      expect.stringContaining('less than the minimum 0 kg') as string,
    ]);
    expect(errorsOf(weight(ucum(600_000, 'g')), BOUNDED_WEIGHT.url)).toEqual([
      expect.stringContaining('greater than the maximum 500 kg') as string,
    ]);
    expect(errorsOf(weight(kg(70), '1999-12-31'), BOUNDED_WEIGHT.url)).toEqual([
      expect.stringContaining(
        'Observation.effective.ofType(dateTime): The value is less than the minimum 2000-01-01T00:00:00Z',
      ) as string,
    ]);
  });

  it('warns when the units do not convert', () => {
    const result = validator.validate(weight(ucum(70, 'm')), { profiles: [BOUNDED_WEIGHT.url] });
    expect(
      result.issues.filter((i) => i.severity !== 'information' && i.ruleId !== 'dom-6'),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        expression: 'Observation.value.ofType(Quantity)',
        diagnostics: expect.stringContaining('could not be compared') as unknown,
      }),
    ]);
  });
});

describe('profiles that are not loaded', () => {
  const missing = 'http://example.org/StructureDefinition/not-loaded';

  it('fail the validation when asked for, and only warn when the resource claims them', () => {
    const asked = validator.validate({ resourceType: 'Patient' }, { profiles: [missing] });
    expect(asked.ok).toBe(false);
    expect(asked.issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'not-found',
        diagnostics: expect.stringContaining(missing) as unknown,
      }),
    );
    const claimed = validator.validate({ resourceType: 'Patient', meta: { profile: [missing] } });
    expect(claimed.ok).toBe(true);
    expect(claimed.issues).toContainEqual(
      expect.objectContaining({ severity: 'warning', code: 'not-found' }),
    );
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

describe('a value discriminator met by a required binding', () => {
  const patient = (...systems: string[]) => ({
    resourceType: 'Patient',
    telecom: systems.map((system, i) => ({ system, value: `0113 496 000${String(i)}` })),
  });

  it('puts an item in the slice when its code is in the bound value set', () => {
    expect(errorsOf(patient('sms', 'email'), TELECOMS.url)).toEqual([]);
    expect(errorsOf(patient('email', 'phone'), TELECOMS.url)).toEqual([]);
  });

  it('counts the slice, and closes the slicing, by membership', () => {
    expect(errorsOf(patient('email'), TELECOMS.url)).toEqual([
      expect.stringContaining('telecom:phone: minimum required = 1, but only found 0') as string,
    ]);
    expect(errorsOf(patient('phone', 'sms'), TELECOMS.url)).toEqual([
      expect.stringContaining('telecom:phone: maximum allowed = 1, but found 2') as string,
    ]);
    expect(errorsOf(patient('phone', 'fax'), TELECOMS.url)).toEqual([
      expect.stringMatching(/^Patient\.telecom\[1\]: .*closed/) as string,
    ]);
  });
});

describe('a profile discriminator a slice names no profile for', () => {
  const entry = (resource: { resourceType: string; id: string }) => ({
    fullUrl: `https://example.org/fhir/${resource.resourceType}/${resource.id}`,
    resource,
  });
  const plan = {
    resourceType: 'CarePlan',
    id: 'c1',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/p1' },
  };
  const bundle = (...entries: object[]) => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: entries,
  });

  it('places the slice by its other discriminators', () => {
    const patient = entry({ resourceType: 'Patient', id: 'p1' });
    expect(errorsOf(bundle(patient, entry(plan)), CARE_BUNDLE.url)).toEqual([]);
    expect(errorsOf(bundle(patient), CARE_BUNDLE.url)).toEqual([
      expect.stringContaining('Bundle.entry: minimum required = 2, but only found 1') as string,
      expect.stringContaining('entry:careplan: minimum required = 1, but only found 0') as string,
    ]);
  });
});

describe('memberOf() in a profile invariant', () => {
  const patient = (system: string, language?: string) => ({
    resourceType: 'Patient',
    telecom: [{ system, value: '0113 496 0000' }],
    ...(language === undefined
      ? {}
      : {
          communication: [
            { language: { coding: [{ system: 'urn:ietf:bcp:47', code: language }] } },
          ],
        }),
  });

  it('answers from the value set expanded here', () => {
    expect(errorsOf(patient('sms'), PHONE_ONLY.url)).toEqual([]);
    expect(errorsOf(patient('email'), PHONE_ONLY.url)).toEqual([
      expect.stringContaining('Constraint failed: phone-1') as string,
    ]);
  });

  it('says an invariant could not be evaluated when the value set cannot be expanded here', () => {
    const result = validator.validate(patient('sms', 'en-GB'), { profiles: [PHONE_ONLY.url] });
    expect(result.issues.filter((i) => i.diagnostics.includes('remote-1'))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        diagnostics: expect.stringContaining(
          "memberOf('http://example.org/ValueSet/remote') cannot be answered here",
        ) as string,
      }),
    ]);
  });
});
