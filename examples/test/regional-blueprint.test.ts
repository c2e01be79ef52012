import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finished } from './run-example';
import { ROOT, runCommand } from './run-example';

const BUILD = join(ROOT, 'examples', 'regional-blueprint', 'dist');
const CORE = 'https://lhcr.github.io/fhir/core/StructureDefinition';
const REGIONAL_PATIENT = `${CORE}/ExampleRegion-Patient`;

let run: Finished;
let started = 0;

function built(...path: string[]): string {
  const file = join(BUILD, ...path);
  expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
  return readFileSync(file, 'utf8');
}

beforeAll(async () => {
  started = Date.now();
  run = await runCommand('npm', ['start', '-w', '@lhcr/example-regional-blueprint']);
});

describe('examples/regional-blueprint (npm start -w @lhcr/example-regional-blueprint)', () => {
  it('composes the region’s blueprint, builds its docs and passes the conformance suite', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Composed dist/blueprint from region/ and LHCR Shared Care Record Core 1.0.0',
    );
    expect(run.stdout).toContain(`${REGIONAL_PATIENT} takes the place of ${CORE}/LHCR-Patient`);
    expect(run.stdout).toContain(
      '$ lhcr docs build dist/blueprint -o dist/site --since @lhcr/blueprint-core',
    );
    expect(run.stdout).toMatch(/✓ Example Region Shared Care Record 1\.0\.0: \d+ files written/);
    expect(run.stdout).toContain('$ lhcr conformance run --blueprint ./dist/blueprint');
    expect(run.stdout).toContain(
      'Requirements: 75 tested, 5 untestable over the API, 1 not covered (of 81)',
    );
    expect(run.stdout).toMatch(/Verdict: pass: every MUST test passed/);
  });

  it('writes one blueprint holding the core and the region’s additions', () => {
    const manifest = parse(built('blueprint', 'blueprint.yaml')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: 'example-region',
      title: 'Example Region Shared Care Record',
      version: '1.0.0',
      requirements: ['requirements/', 'region/requirements/'],
      profiles: ['profiles/', 'region/profiles/'],
    });
    const capability = parse(built('blueprint', 'capability.yaml')) as {
      resources: { type: string; profile?: string }[];
    };
    expect(capability.resources.find((r) => r.type === 'Patient')?.profile).toBe(REGIONAL_PATIENT);
    expect(capability.resources.find((r) => r.type === 'Condition')?.profile).toBe(
      `${CORE}/LHCR-Condition`,
    );
    const fixture = parse(built('blueprint', 'fixtures', '01-baseline-patient.yaml')) as {
      resources: { resourceType: string; meta?: { profile?: string[] } }[];
    };
    expect(fixture.resources.find((r) => r.resourceType === 'Patient')?.meta?.profile).toEqual([
      `${CORE}/LHCR-Patient`,
      REGIONAL_PATIENT,
    ]);
  });

  it('documents the local requirement, the regional profile and what the region adds to the core', () => {
    expect(built('site', 'index.html')).toContain(
      '<h1>Example Region Shared Care Record 1.0.0</h1>',
    );
    expect(built('site', 'requirements', 'LHCR-EXR-01.html')).toContain(
      '<h1>LHCR-EXR-01: A family name in every patient name</h1>',
    );
    const profile = built('site', 'profiles', 'ExampleRegion-Patient.html');
    expect(profile).toContain('<h1>Example Region Patient</h1>');
    expect(profile).toMatch(
      /<code class="indent-2">Patient\.name\.family<\/code><\/strong><\/td><td>1\.\.1<\/td>/,
    );
    const changes = built('site', 'changes.html');
    expect(changes).toContain('major: new MUST requirement LHCR-EXR-01');
    expect(changes).toContain(`minor: profile ${REGIONAL_PATIENT} added`);
  });

  it('ran the suite against the reference region serving the regional blueprint', () => {
    const report = JSON.parse(built('conformance-report', 'conformance-report.json')) as {
      blueprint: { id: string; version: string };
      verdict: string;
      validator: { profiles: string[]; validated: boolean };
      requirements: { id: string; outcome: string }[];
      coverage: { total: number; notCovered: number };
      tests: { id: string; outcome: string }[];
    };
    expect(report.blueprint).toMatchObject({ id: 'example-region', version: '1.0.0' });
    expect(report.verdict).toBe('pass');
    expect(report.validator.validated).toBe(true);
    expect(report.validator.profiles).toContain(REGIONAL_PATIENT);
    expect(report.tests.find((t) => t.id === 'record-content.profiles')?.outcome).toBe('pass');
    // The core suite has no test of its own for the region's requirement, and says so.
    expect(report.requirements.find((r) => r.id === 'LHCR-EXR-01')?.outcome).toBe('not-covered');
    expect(report.coverage).toMatchObject({ total: 81, notCovered: 1 });
  });
});
