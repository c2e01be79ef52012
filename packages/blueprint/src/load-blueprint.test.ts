import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StructureDefinition } from '@lhcr/models';
import { afterEach, describe, expect, it } from 'vitest';
import { editedBlueprint, fixtureBlueprint } from './__fixtures__/temp-blueprint';
import type { BlueprintFhirContext, BlueprintFhirInput } from './fhir-context';
import { BlueprintError, formatBlueprintIssue } from './issue';
import type { BlueprintIssue } from './issue';
import { assertBlueprint, loadBlueprint } from './load-blueprint';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function edited(...args: Parameters<typeof editedBlueprint>): string {
  const { dir, cleanup } = editedBlueprint(...args);
  cleanups.push(cleanup);
  return dir;
}

function errors(issues: readonly BlueprintIssue[]): string[] {
  return issues.filter((issue) => issue.severity === 'error').map(formatBlueprintIssue);
}

describe('loadBlueprint', () => {
  it('loads every part of a blueprint into typed objects', async () => {
    const result = await loadBlueprint(fixtureBlueprint('demo-v1'));
    expect(errors(result.issues)).toEqual([]);
    if (!result.ok) return;
    const { blueprint } = result;
    expect(blueprint).toMatchObject({
      id: 'demo',
      version: '1.0.0',
      title: 'Demo Blueprint',
      status: 'draft',
      canonical: 'https://example.org/fhir/demo',
      validated: false,
    });
    expect(blueprint.dependencies).toEqual([{ id: 'fhir.r4.ukcore.stu2', version: '2.0.0' }]);
    expect(blueprint.requirements.map((requirement) => requirement.id)).toEqual([
      'DEMO-PAT-01',
      'DEMO-PAT-02',
      'DEMO-OPT-01',
    ]);
    expect(blueprint.profiles.map((profile) => [profile.file, profile.url, profile.type])).toEqual([
      [
        'profiles/Demo-Patient.json',
        'https://example.org/fhir/demo/StructureDefinition/Demo-Patient',
        'Patient',
      ],
    ]);
    expect(blueprint.codeLists[0]).toMatchObject({
      id: 'restricted-demo',
      restrictedCategory: 'sexual-health',
    });
    expect(blueprint.capability?.resources[0]?.type).toBe('Patient');
    expect(blueprint.security?.purposeOfUse.header).toBe('X-Purpose-Of-Use');
    expect(blueprint.optOutPolicy).toMatchObject({ file: 'optout-policy.yaml' });
    expect(blueprint.anonymisationPolicy?.quasiIdentifiers.birthDate).toEqual({
      method: 'age-band',
      bandYears: 5,
      topBandFrom: 90,
    });
    expect(blueprint.fixtures[0]).toMatchObject({
      id: 'demo-patient',
      scenario: 'national-opt-out',
      registers: { nationalDataOptOut: true },
    });
    expect(blueprint.fixtures[0]?.expectations.map((expectation) => expectation.outcome)).toEqual([
      'permit',
      'filter',
    ]);
    expect(blueprint.examples[0]?.profiles).toEqual([
      'https://example.org/fhir/demo/StructureDefinition/Demo-Patient',
    ]);
    expect(
      result.issues.some(
        (issue) => issue.severity === 'information' && issue.code === 'validation',
      ),
    ).toBe(true);
  });

  it('resolves a blueprint by its manifest file and by npm package name', async () => {
    const byFile = await loadBlueprint(join(fixtureBlueprint('demo-v1'), 'blueprint.yaml'));
    expect(byFile.ok).toBe(true);
    const project = mkdtempSync(join(tmpdir(), 'lhcr-project-'));
    cleanups.push(() => {
      rmSync(project, { recursive: true, force: true });
    });
    mkdirSync(join(project, 'node_modules', '@acme'), { recursive: true });
    const pkg = edited(
      'demo-v1',
      { 'blueprint.yaml': [['version: 1.0.0\n', '']] },
      { 'package.json': JSON.stringify({ name: '@acme/demo-blueprint', version: '3.1.4' }) },
    );
    symlinkSync(pkg, join(project, 'node_modules', '@acme', 'demo-blueprint'));
    mkdirSync(join(project, 'src', 'deep'), { recursive: true });
    const byName = await loadBlueprint('@acme/demo-blueprint', {
      from: join(project, 'src', 'deep'),
    });
    expect(errors(byName.issues)).toEqual([]);
    expect(byName.ok && byName.blueprint.version).toBe('3.1.4');
    expect(byName.ok && byName.blueprint.packageName).toBe('@acme/demo-blueprint');
    const missing = await loadBlueprint('@acme/nothing', { from: project });
    expect(missing).toMatchObject({ ok: false, issues: [{ code: 'not-found' }] });
  });

  it('reports a manifest version that disagrees with package.json', async () => {
    const dir = edited(
      'demo-v1',
      {},
      { 'package.json': JSON.stringify({ name: 'demo', version: '9.9.9' }) },
    );
    const result = await loadBlueprint(dir);
    expect(errors(result.issues)).toEqual([
      "blueprint.yaml:2:10 error [schema] version 1.0.0 differs from the package.json version 9.9.9; leave the manifest's version out so the package version is used, or make them equal",
    ]);
  });

  it('rejects a broken manifest with located errors', async () => {
    const dir = edited('demo-v1', {
      'blueprint.yaml': [
        ['status: draft', 'status: final'],
        ['fhirVersion: 4.0.1', 'fhirVersion: 5.0.0'],
        ['profiles: [profiles/]', 'profile: [profiles/]'],
      ],
    });
    const result = await loadBlueprint(dir);
    expect(result.ok).toBe(false);
    expect(errors(result.issues).sort()).toEqual(
      [
        'blueprint.yaml:15:1 error [schema] (top level): unknown property "profile"; expected one of id, version, title, status, description, publisher, fhirVersion, canonical, requirementPrefix, dependencies, categories, requirements, profiles, extensions, valueSets, codeSystems, codeLists, capability, security, optOutPolicy, anonymisationPolicy, fixtures, examples, links',
        'blueprint.yaml:4:9 error [schema] status: expected one of draft, active, retired; found "final"',
        'blueprint.yaml:6:14 error [schema] fhirVersion: expected "4.0.1"; found "5.0.0"',
      ].sort(),
    );
  });

  it('finds mistakes across parts: ids, categories, references, fixtures and profiles', async () => {
    const dir = edited('demo-v1', {
      'requirements.yaml': [
        ['  - id: DEMO-PAT-02', '  - id: DEMO-PAT-01'],
        ['    category: opt-outs', '    category: optouts'],
        ['fixtures: [demo-patient]', 'fixtures: [no-such-fixture]'],
      ],
      'capability.yaml': [['requirements: [DEMO-PAT-01]', 'requirements: [DEMO-XYZ-09]']],
      'fixtures/demo-patient.yaml': [
        ["nhsNumber: '9992202025' }", "nhsNumber: '9992202026' }"],
        ['purposeOfUse: HOPERAT', 'purposeOfUse: HRESCH'],
        ['exclude: [Condition/demo-con]', 'exclude: [Condition/other]'],
        [
          'subject: { reference: Patient/demo-pat }',
          'subject: { reference: Patient/someone-else }',
        ],
      ],
      'profiles/Demo-Patient.json': [
        [
          '"url": "https://example.org/fhir/demo/StructureDefinition/Demo-Patient"',
          '"url": "https://example.org/elsewhere/Demo-Patient"',
        ],
      ],
    });
    const result = await loadBlueprint(dir);
    expect(result.ok).toBe(false);
    expect(errors(result.issues)).toEqual([
      'requirements.yaml:9:9 error [duplicate] requirement DEMO-PAT-01 is already defined in requirements.yaml',
      'requirements.yaml:18:15 error [reference] requirements[2].category: expected one of the manifest\'s categories (identity, opt-outs); found "optouts"',
      'profiles/Demo-Patient.json:4:10 error [conformance] url: expected a url starting https://example.org/fhir/demo/StructureDefinition/',
      'fixtures/demo-patient.yaml:4:45 error [fixture] patient.nhsNumber: NHS number fails the modulus 11 check: the last digit does not match the first nine',
      "fixtures/demo-patient.yaml:9:17 error [fixture] the fixture's Patient must carry its patient.nhsNumber as an identifier with the NHS number system",
      "fixtures/demo-patient.yaml:13:27 error [fixture] resources[1].subject: expected a reference to the fixture's patient (Patient/demo-pat)",
      'fixtures/demo-patient.yaml:23:19 error [reference] expectations[1].purposeOfUse: expected one of the security requirements\' purpose codes (TREAT, HOPERAT); found "HRESCH"',
      "fixtures/demo-patient.yaml:27:15 error [reference] expectations[1].exclude[0]: Condition/other is not one of this fixture's resources",
      'capability.yaml:9:70 error [reference] no requirement with id DEMO-XYZ-09',
      'requirements.yaml:8:53 error [reference] DEMO-PAT-01: no fixture with id "no-such-fixture"',
    ]);
  });

  it('reports files that are missing, unreadable or not FHIR, and paths outside the folder', async () => {
    const outside = await loadBlueprint(
      edited('demo-v1', {
        'blueprint.yaml': [['examples: [examples/]', 'examples: [examples/, ../outside.json]']],
      }),
    );
    expect(errors(outside.issues)).toEqual([
      "blueprint.yaml:22:23 error [schema] examples[1]: expected a path relative to the manifest, inside the blueprint folder (no leading '/', no '..'); found \"../outside.json\"",
    ]);
    const result = await loadBlueprint(
      edited(
        'demo-v1',
        { 'blueprint.yaml': [['capability: capability.yaml', 'capability: missing.yaml']] },
        {
          'examples/not-a-resource.json': '{ "hello": "world" }',
          'examples/broken.json': '{ "resourceType": ',
        },
      ),
    );
    expect(errors(result.issues).sort()).toEqual([
      'blueprint.yaml:17:13 error [not-found] missing.yaml: no such file or folder in the blueprint',
      'examples/broken.json:1:19 error [parse] not valid JSON: CloseBraceExpected',
      'examples/broken.json:1:19 error [parse] not valid JSON: ValueExpected',
      'examples/not-a-resource.json:1:1 error [conformance] expected a FHIR resource in JSON: an object with a "resourceType"',
    ]);
  });

  it('checks the opt-out policy with @lhcr/optout and reports its issues in place', async () => {
    const result = await loadBlueprint(fixtureBlueprint('demo-v1'));
    expect(
      result.ok && result.blueprint.optOutPolicy?.policy?.rules.map((rule) => rule.id),
    ).toEqual(['direct-care', 'otherwise']);
    const dir = edited('demo-v1', {
      'optout-policy.yaml': [['    effect: permit', '    effect: allow']],
    });
    const broken = await loadBlueprint(dir);
    expect(broken.ok).toBe(false);
    const policyErrors = broken.issues.filter(
      (issue) => issue.code === 'policy' && issue.severity === 'error',
    );
    expect(policyErrors.length).toBeGreaterThan(0);
    expect(policyErrors[0]).toMatchObject({ file: 'optout-policy.yaml', line: 6, column: 13 });
    expect(policyErrors[0]?.diagnostics).toContain('opt-out policy:');
  });

  it('throws a BlueprintError carrying every issue from assertBlueprint', async () => {
    const dir = edited('demo-v1', { 'blueprint.yaml': [['status: draft', 'status: final']] });
    await expect(assertBlueprint(dir)).rejects.toBeInstanceOf(BlueprintError);
    await expect(assertBlueprint(fixtureBlueprint('demo-v1'))).resolves.toMatchObject({
      id: 'demo',
    });
  });
});

/** A context that records its calls and reports one error for any Patient without a birth date. */
function recordingContext(): BlueprintFhirContext & {
  calls: string[];
  input?: BlueprintFhirInput;
} {
  const context: BlueprintFhirContext & { calls: string[]; input?: BlueprintFhirInput } = {
    calls: [],
    prepare(input) {
      context.input = input;
      context.calls.push(
        `prepare ${input.dependencies.map((dependency) => dependency.id).join(',')}`,
      );
      return [];
    },
    snapshot(url) {
      context.calls.push(`snapshot ${url}`);
      const sd = context.input?.resources.find(
        (resource) => (resource as StructureDefinition).url === url,
      ) as StructureDefinition | undefined;
      return sd === undefined
        ? undefined
        : { ...sd, snapshot: { element: [{ id: 'Patient', path: 'Patient', min: 0, max: '*' }] } };
    },
    validate(resource, profiles) {
      const r = resource as { resourceType: string; id: string; birthDate?: string };
      context.calls.push(`validate ${r.resourceType}/${r.id} ${profiles.join(',')}`);
      const issues =
        r.resourceType === 'Patient' && r.birthDate === undefined
          ? [
              {
                severity: 'error' as const,
                code: 'required',
                expression: 'Patient.birthDate',
                diagnostics: 'Patient.birthDate: minimum required = 1, but only found 0',
              },
            ]
          : [];
      return Promise.resolve({ valid: issues.length === 0, issues });
    },
  };
  return context;
}

describe('loadBlueprint with a FHIR context', () => {
  it('hands the context the dependencies and definitions, keeps snapshots and validates examples and fixtures', async () => {
    const context = recordingContext();
    const result = await loadBlueprint(fixtureBlueprint('demo-v1'), { fhirContext: context });
    expect(errors(result.issues)).toEqual([]);
    expect(context.calls).toEqual([
      'prepare fhir.r4.ukcore.stu2',
      'snapshot https://example.org/fhir/demo/StructureDefinition/Demo-Patient',
      'validate Patient/demo-example https://example.org/fhir/demo/StructureDefinition/Demo-Patient',
      'validate Patient/demo-pat https://example.org/fhir/demo/StructureDefinition/Demo-Patient',
      'validate Condition/demo-con ',
    ]);
    expect(result.ok && result.blueprint.validated).toBe(true);
    expect(result.ok && result.blueprint.profiles[0]?.snapshot?.snapshot?.element).toHaveLength(1);
  });

  it('reports validation errors at the fixture resource that has them', async () => {
    const dir = edited('demo-v1', {
      'fixtures/demo-patient.yaml': [["    birthDate: '1950-02-03'\n", '']],
    });
    const result = await loadBlueprint(dir, { fhirContext: recordingContext() });
    expect(result.ok).toBe(false);
    expect(
      result.issues.filter((issue) => issue.code === 'validation' && issue.severity === 'error'),
    ).toEqual([
      {
        severity: 'error',
        code: 'validation',
        file: 'fixtures/demo-patient.yaml',
        line: 7,
        column: 5,
        path: '/resources/0',
        expression: 'Patient.birthDate',
        diagnostics:
          'Patient/demo-pat against https://example.org/fhir/demo/StructureDefinition/Demo-Patient: Patient.birthDate: minimum required = 1, but only found 0',
      },
    ]);
  });

  it('fails when the context cannot prepare the dependencies', async () => {
    const context: BlueprintFhirContext = {
      prepare: () => [
        {
          severity: 'error',
          code: 'not-found',
          diagnostics: 'package fhir.r4.ukcore.stu2#2.0.0 not found',
        },
      ],
      snapshot: () => undefined,
      validate: () => ({ valid: true, issues: [] }),
    };
    const result = await loadBlueprint(fixtureBlueprint('demo-v1'), { fhirContext: context });
    expect(errors(result.issues)).toEqual([
      'error [not-found] FHIR context (blueprint demo 1.0.0): package fhir.r4.ukcore.stu2#2.0.0 not found',
    ]);
  });
});

describe('loadBlueprint limits', () => {
  it('refuses a file larger than the limit', async () => {
    const dir = edited(
      'demo-v1',
      {},
      {
        'examples/huge.json': `{"resourceType":"Patient","id":"x","text":"${'a'.repeat(4 * 1024 * 1024)}"}`,
      },
    );
    const result = await loadBlueprint(dir);
    expect(result.issues).toContainEqual(
      expect.objectContaining({ code: 'limit', file: 'examples/huge.json' }),
    );
    writeFileSync(join(dir, 'examples/huge.json'), '{}');
  });
});
