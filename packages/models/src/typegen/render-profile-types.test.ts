import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_IMPORT, compileModules } from './__fixtures__/compile-types';
import { PROFILE_TYPE_CASES } from './__fixtures__/profile-type-cases';
import {
  BASE_DEFINITIONS,
  el,
  LEVEL_EXTENSION,
  NHS_NUMBER_SYSTEM,
  OBSERVATION_PROFILE,
  PATIENT_PROFILE,
  STATUS_EXTENSION,
  STATUS_EXTENSION_URL,
  SYNTHETIC_PROFILES,
} from './__fixtures__/synthetic-profiles';
import { PROFILE_TYPES_ERROR_CODES, ProfileTypesError } from './profile-types-error';
import type { ProfileDefinitionInput } from './profile-types-input';
import { PROFILE_TYPES_LIMITS, profileTypeName, renderProfileTypes } from './render-profile-types';

const text = renderProfileTypes({
  profiles: SYNTHETIC_PROFILES,
  baseDefinitions: BASE_DEFINITIONS,
  baseImport: BASE_IMPORT,
  banner: ['Generated for the tests. Do not edit.'],
});

/** The declaration of `name`, from its TSDoc to its closing brace or semicolon. */
function declaration(name: string): string {
  const start = text.search(new RegExp(`^export (interface|type) ${name}\\b`, 'm'));
  if (start === -1) return '';
  const doc = text.lastIndexOf('/**\n', start);
  const end = text.indexOf('\n\n', start);
  return text.slice(doc, end === -1 ? undefined : end);
}

describe('renderProfileTypes', () => {
  let diagnostics: Map<string, string[]>;

  /** The cases without their `@ts-expect-error` directives (kept as plain comments). */
  const undirected = PROFILE_TYPE_CASES.replaceAll('// @ts-expect-error', '// rejected');

  beforeAll(() => {
    diagnostics = compileModules({
      'types.ts': text,
      'cases.ts': PROFILE_TYPE_CASES,
      'undirected.ts': undirected,
    });
  }, 60_000);

  it('renders a module TypeScript compiles, strictly, with declaration files checked', () => {
    expect(diagnostics.get('types.ts')).toEqual([]);
  });

  it('accepts what the profiles allow and rejects what they forbid (see the cases)', () => {
    expect(diagnostics.get('cases.ts')).toEqual([]);
  });

  it('rejects each forbidden case on its own line, and nothing else', () => {
    const lines = undirected.split('\n');
    const expected = lines.flatMap((line, index) =>
      line.trimStart().startsWith('// rejected') ? [index + 2] : [],
    );
    const failing = new Set(
      (diagnostics.get('undirected.ts') ?? []).map((d) => Number(/^[^(]+\((\d+),/.exec(d)?.[1])),
    );
    expect(expected.length).toBeGreaterThan(20);
    expect([...failing].sort((a, b) => a - b)).toEqual(expected);
  });

  it('starts with the banner, imports the base types and declares nothing at run time', () => {
    expect(text.split('\n').slice(0, 3)).toEqual([
      '// Generated for the tests. Do not edit.',
      '/* eslint-disable */',
      `import type * as fhir from "${BASE_IMPORT}";`,
    ]);
    expect(text).not.toMatch(/^export (const|function|class|let|var)\b/m);
    expect(text).not.toMatch(/[:<,(|&[]\s*any\b/);
    expect(text.trimEnd().endsWith('export {};')).toBe(true);
  });

  it('makes a required slice the first item of its array, typed by the slice', () => {
    expect(declaration('ExamplePatientElements')).toContain(
      'identifier: [ExamplePatientIdentifierNhsNumber, ...fhir.Identifier[]];',
    );
    const slice = declaration('ExamplePatientIdentifierNhsNumber');
    expect(slice).toContain(
      'export interface ExamplePatientIdentifierNhsNumber extends fhir.Identifier {',
    );
    expect(slice).toContain(`system: "${NHS_NUMBER_SYSTEM}";`);
    expect(slice).toContain('value: fhir.FhirString;');
    expect(slice).toContain('extension: [ExtensionExampleStatus, ...fhir.Extension[]];');
  });

  it('gives optional slices their own types without changing the array', () => {
    expect(declaration('ExamplePatientIdentifierLocal')).toContain(
      'system: "https://example.org/mrn";',
    );
    expect(declaration('ExamplePatientElements')).toContain(
      '`local` 0..1 {@link ExamplePatientIdentifierLocal}',
    );
  });

  it('types removed elements never, primitives with their extension sibling', () => {
    const elements = declaration('ExamplePatientElements');
    expect(elements).toContain('  active?: never;\n  _active?: never;');
    expect(elements).toContain('  _birthDate?: ExamplePatientBirthDate;');
    expect(declaration('ExamplePatientBirthDate')).toContain(
      'extension: [fhir.Extension, ...fhir.Extension[]];',
    );
  });

  it('requires raised minimums, keeping the base code unions', () => {
    const elements = declaration('ExamplePatientElements');
    expect(elements).toContain('gender: NonNullable<fhir.Patient["gender"]>;');
    expect(elements).toContain('name: [fhir.HumanName];');
    expect(elements).toContain(
      'telecom?: [fhir.ContactPoint] | [fhir.ContactPoint, fhir.ContactPoint];',
    );
    expect(declaration('ExamplePatientContact')).toContain('name: fhir.HumanName;');
    expect(text).not.toContain('ExamplePatientLink');
  });

  it('restricts choice elements to the kept forms, exactly one when required', () => {
    expect(declaration('ExamplePatientElements')).toContain(
      'extends Without<fhir.Patient, Exclude<PatientDeceasedForms, "deceasedDateTime" | "_deceasedDateTime">>',
    );
    expect(text).toContain(
      'type PatientDeceasedForms =\n  | "deceasedBoolean"\n  | "_deceasedBoolean"',
    );
    expect(declaration('ExamplePatient')).toContain(
      'export type ExamplePatient = ExamplePatientElements & OneOf<{ multipleBirthBoolean: fhir.FhirBoolean; multipleBirthInteger: fhir.FhirInteger }>;',
    );
    expect(declaration('ExtensionExampleStatus')).toContain(
      'extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">>',
    );
    expect(declaration('ExampleObservation')).toContain(
      'extends Without<fhir.Observation, ObservationEffectiveForms>',
    );
  });

  it('types fixed values as literals and patterns on their base type', () => {
    expect(declaration('ExampleObservation')).toContain('status: "final";');
    expect(declaration('ExamplePatientElements')).toContain(
      'maritalStatus?: Omit<fhir.CodeableConcept, "coding"> & { coding: [fhir.Coding & { system: "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus"; code: "M" }, ...fhir.Coding[]] };',
    );
  });

  it('allows only the slices of a closed slicing, repeating required ones', () => {
    expect(declaration('ExampleObservation')).toContain(
      'identifier: [ExampleObservationIdentifierA, ExampleObservationIdentifierA, ...(ExampleObservationIdentifierA | ExampleObservationIdentifierB)[]];',
    );
  });

  it('types extension slices by the profiles given, an unknown one by its url', () => {
    expect(declaration('ExamplePatient')).toContain('`level` 0..1 {@link ExtensionExampleLevel}');
    expect(declaration('ExamplePatient')).toContain('`flag` 0..1');
    expect(declaration('ExamplePatientExtensionNote')).toContain(
      'url: "https://example.org/note";',
    );
    expect(declaration('ExtensionExampleLevel')).toContain(
      'extension: [ExtensionExampleLevelExtensionGrade, ...fhir.Extension[]];',
    );
    expect(declaration('ExtensionExampleLevelExtensionGrade')).toContain(
      'valueInteger: fhir.FhirInteger;',
    );
  });

  it('documents each type with its profile and each property with cardinality and short text', () => {
    const patient = declaration('ExamplePatient');
    expect(patient).toContain('Example Patient: A patient with an NHS number.');
    expect(patient).not.toContain('Second line');
    expect(patient).toContain(`Profile \`${PATIENT_PROFILE.url}|1.0.0\` on {@link fhir.Patient}`);
    expect(patient).toContain('Not checked by this type: `ex-1`: One NHS number at most.');
    expect(patient).toContain(`@see ${PATIENT_PROFILE.url}`);
    expect(declaration('ExamplePatientElements')).toContain(
      '   * An identifier for this patient (1..*); must support\n   * Slices (open, by value of system): `nhsNumber` 1..1 {@link ExamplePatientIdentifierNhsNumber}',
    );
    expect(declaration('ExamplePatientIdentifierNhsNumber')).toContain(
      `Slice \`nhsNumber\` (\`Patient.identifier:nhsNumber\`) in Example Patient (\`${PATIENT_PROFILE.url}|1.0.0\`): The NHS number`,
    );
    expect(declaration('ExamplePatientIdentifierNhsNumber')).toContain(
      '`ex-2` on value: Ten digits',
    );
    expect(text).toContain(`"${PATIENT_PROFILE.url}": ExamplePatient;`);
  });

  it('uses a given profile for a slice whose unfolded children add nothing to it', () => {
    const unfolded = STATUS_EXTENSION.snapshot.slice(1).map((element) => ({
      ...element,
      id: element.id?.replace(/^Extension/, 'Patient.extension:status'),
    }));
    const patient: ProfileDefinitionInput = {
      ...PATIENT_PROFILE,
      snapshot: [
        ...PATIENT_PROFILE.snapshot.slice(0, 2),
        el(
          'Patient.extension:status',
          '1..1',
          [`Extension(${STATUS_EXTENSION_URL})`],
          {},
          {
            path: 'DomainResource.extension',
            card: '0..*',
          },
        ),
        ...unfolded,
      ],
    };
    const rendered = renderProfileTypes({
      profiles: [patient, STATUS_EXTENSION],
      baseDefinitions: BASE_DEFINITIONS,
      baseImport: BASE_IMPORT,
    });
    expect(rendered).toContain('extension: [ExtensionExampleStatus, ...fhir.Extension[]];');
    expect(rendered).not.toContain('ExamplePatientExtensionStatus');
  });

  it('renders the same text for the same input', () => {
    expect(
      renderProfileTypes({
        profiles: SYNTHETIC_PROFILES,
        baseDefinitions: BASE_DEFINITIONS,
        baseImport: BASE_IMPORT,
        banner: ['Generated for the tests. Do not edit.'],
      }),
    ).toBe(text);
  });
});

describe('renderProfileTypes on input it cannot use', () => {
  function errorOf(run: () => unknown): ProfileTypesError | undefined {
    try {
      run();
    } catch (error) {
      if (error instanceof ProfileTypesError) return error;
      throw error;
    }
    return undefined;
  }
  const render =
    (profiles: readonly ProfileDefinitionInput[], baseImport = '@lhcr/models') =>
    () =>
      renderProfileTypes({ profiles, baseImport });

  it('refuses a profile without a snapshot, or whose snapshot is of another type', () => {
    expect(errorOf(render([{ ...PATIENT_PROFILE, snapshot: [] }]))).toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('has no snapshot elements') as unknown,
    });
    expect(errorOf(render([{ ...PATIENT_PROFILE, type: 'Observation' }]))?.code).toBe(
      'invalid-input',
    );
  });

  it('refuses elements out of the tree, without a base, or with unusable types', () => {
    const root = el('Patient', '0..*');
    const cases: ProfileDefinitionInput['snapshot'][] = [
      [root, el('Patient.contact.name', '1..1', ['HumanName'])],
      [root, { id: 'Patient.gender', path: 'Patient.gender', min: 1, type: [{ code: 'code' }] }],
      [
        root,
        el('Patient.gender', '1..1', ['not a type'], {}, { path: 'Patient.gender', card: '0..1' }),
      ],
      [
        root,
        el(
          'Patient.gender',
          '1..1',
          ['code', 'string'],
          {},
          { path: 'Patient.gender', card: '0..1' },
        ),
      ],
      [root, el('Patient.gender', '1..1'), el('Patient.gender', '1..1')],
      [root, el('Patient.name-x', '1..1', ['HumanName'])],
    ];
    for (const snapshot of cases) {
      expect(errorOf(render([{ ...PATIENT_PROFILE, snapshot }]))?.code).toBe('invalid-input');
    }
  });

  it('refuses duplicate profiles, bad names and a bad baseImport', () => {
    expect(errorOf(render([PATIENT_PROFILE, PATIENT_PROFILE]))?.code).toBe('invalid-input');
    expect(errorOf(render([{ ...PATIENT_PROFILE, typeName: 'not-a-name' }]))?.code).toBe(
      'invalid-input',
    );
    expect(errorOf(render([PATIENT_PROFILE], 'two\nlines'))?.code).toBe('invalid-input');
    expect(errorOf(render([{ ...PATIENT_PROFILE, type: 'patient' }]))?.code).toBe('invalid-input');
  });

  it('refuses two declarations with one name', () => {
    const clash = { ...OBSERVATION_PROFILE, typeName: 'ExamplePatientContact' };
    expect(errorOf(render([PATIENT_PROFILE, clash]))).toMatchObject({
      code: 'name-collision',
      message: expect.stringContaining('ExamplePatientContact would name both') as unknown,
    });
    expect(errorOf(render([{ ...PATIENT_PROFILE, typeName: 'OneOf' }]))?.code).toBe(
      'name-collision',
    );
  });

  it('refuses input past its limits', () => {
    const many = Array.from({ length: PROFILE_TYPES_LIMITS.maxElements + 1 }, (_, i) =>
      i === 0 ? el('Patient', '0..*') : el(`Patient.extension:s${i}`, '0..1', ['Extension']),
    );
    expect(errorOf(render([{ ...PATIENT_PROFILE, snapshot: many }]))?.code).toBe('too-large');
    const deep = Array.from({ length: PROFILE_TYPES_LIMITS.maxDepth + 1 }, (_, i) =>
      el(['Patient', ...Array.from({ length: i }, () => 'contact')].join('.'), '0..*', [
        'BackboneElement',
      ]),
    );
    expect(errorOf(render([{ ...PATIENT_PROFILE, snapshot: deep }]))?.code).toBe('too-large');
    let nested: unknown = 'x';
    for (let i = 0; i <= PROFILE_TYPES_LIMITS.maxValueDepth + 1; i += 1) nested = { a: nested };
    const patterned = [
      el('Patient', '0..*'),
      el('Patient.maritalStatus', '0..1', ['CodeableConcept'], { patternCodeableConcept: nested }),
    ];
    expect(errorOf(render([{ ...PATIENT_PROFILE, snapshot: patterned }]))?.code).toBe('too-large');
  });

  const arbitraryElement = fc.record({
    id: fc.oneof(
      fc.constantFrom('Patient.gender', 'Patient.name', 'Patient.x:y', 'Patient.deceased[x]'),
      fc.string(),
    ),
    path: fc.oneof(fc.constantFrom('Patient.gender', 'Patient.name'), fc.string()),
    min: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }),
    max: fc.option(fc.constantFrom('0', '1', '2', '*', 'x'), { nil: undefined }),
    base: fc.option(
      fc.record({
        path: fc.constantFrom('Patient.gender', 'Patient.deceased[x]', 'x'),
        min: fc.nat(2),
        max: fc.constantFrom('1', '*'),
      }),
      { nil: undefined },
    ),
    type: fc.option(
      fc.array(
        fc.record({
          code: fc.oneof(
            fc.constantFrom('code', 'HumanName', 'BackboneElement', 'Extension'),
            fc.string(),
          ),
        }),
        { maxLength: 3 },
      ),
      { nil: undefined },
    ),
    fixedString: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
  });

  test.prop([fc.array(arbitraryElement, { maxLength: 12 })])(
    'never fails other than with a ProfileTypesError, whatever the snapshot',
    (elements) => {
      const snapshot = [el('Patient', '0..*'), ...elements];
      const error = errorOf(render([{ ...PATIENT_PROFILE, snapshot }]));
      expect(error === undefined || PROFILE_TYPES_ERROR_CODES.includes(error.code)).toBe(true);
    },
  );
});

describe('profileTypeName', () => {
  it('makes PascalCase names from profile names, and from the url for lower-case names', () => {
    expect(profileTypeName(PATIENT_PROFILE)).toBe('ExamplePatient');
    expect(profileTypeName({ name: 'LHCRPatient', type: 'Patient', url: 'x' })).toBe('LhcrPatient');
    expect(profileTypeName(LEVEL_EXTENSION)).toBe('ExtensionExampleLevel');
    expect(
      profileTypeName({
        name: 'birthPlace',
        type: 'Extension',
        url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',
      }),
    ).toBe('ExtensionPatientBirthPlace');
    expect(profileTypeName({ ...PATIENT_PROFILE, typeName: 'MyPatient' })).toBe('MyPatient');
  });
});
