import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finished } from './run-example';
import { ROOT, runCommand } from './run-example';

const OUTPUT = join(ROOT, 'examples', 'planning-extract', 'dist');

interface Json {
  readonly resourceType: string;
  readonly id: string;
  readonly [key: string]: unknown;
}

let run: Finished;
let started = 0;

function ndjson(...path: string[]): Json[] {
  const file = join(OUTPUT, ...path);
  if (statSync(file).mtimeMs < started - 1000)
    throw new Error(`${file} was not written by this run`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Json);
}

beforeAll(async () => {
  started = Date.now();
  run = await runCommand('npm', ['start', '-w', '@lhcr/example-planning-extract']);
});

describe('examples/planning-extract (npm start -w @lhcr/example-planning-extract)', () => {
  it('exports from the region for planning, then prints the extract’s report', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Region http:\/\/127\.0\.0\.1:\d+\/fhir: 9 patients/);
    expect(run.stdout).toMatch(
      /\$export for HOPERAT: 33 resources of 5 patients in 15 NDJSON files/,
    );
    expect(run.stdout).toMatch(
      /opt-outs \(planning-extract\): 33 kept, 0 removed; filtered-at-source permit 29, not-patient-data permit 4/,
    );
    expect(run.stdout).toContain('Extract written to dist/planning-extract.ndjson');
  });

  it("keeps the region's own de-identification report from the export manifest", () => {
    expect(run.stdout).toContain("the region's de-identification report: dist/region-report.json");
    const regionReport = JSON.parse(readFileSync(join(OUTPUT, 'region-report.json'), 'utf8')) as {
      keyFingerprint: unknown;
      counts: unknown;
      risk: unknown;
    };
    expect(regionReport.keyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    // The extract is keyed apart from the region: the two fingerprints differ.
    const own = JSON.parse(readFileSync(join(OUTPUT, 'deid-report.json'), 'utf8')) as {
      keyFingerprint: string;
    };
    expect(own.keyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(own.keyFingerprint).not.toBe(regionReport.keyFingerprint);
    expect(regionReport.counts).toBeTypeOf('object');
    expect(regionReport.risk).toBeTypeOf('object');
  });

  it('prints the risk report: k-anonymity and l-diversity at the blueprint’s thresholds', () => {
    expect(run.stdout).toMatch(
      /k-anonymity over birthDate, postcode, Patient\.gender, Patient\.extension\.ethnicCategory: k = 5 \(threshold 5\), 5 patients in 1 classes ✓/,
    );
    expect(run.stdout).toMatch(
      /l-diversity of Condition\.code: l = \d+ \(threshold 2\) over 1 classes ✓/,
    );
    const report = JSON.parse(readFileSync(join(OUTPUT, 'deid-report.json'), 'utf8')) as {
      ok: boolean;
      policy: { id: string };
      risk: { ok: boolean; kAnonymity: { k: number; smallestClasses: number[] } };
    };
    expect(report).toMatchObject({ ok: true, policy: { id: 'lhcr-core-planning' } });
    expect(report.risk.kAnonymity.k).toBeGreaterThanOrEqual(5);
  });

  it('writes an extract with no NHS numbers, names, addresses or free text, under its own pseudonyms', () => {
    const exported = ndjson('export', 'Patient.ndjson');
    const extract = ndjson('planning-extract.ndjson');
    const text = JSON.stringify(extract);
    expect(text).not.toContain('https://fhir.nhs.uk/Id/nhs-number');
    expect(text).not.toMatch(/"999\d{7}"/); // the fixtures' NHS numbers are in the test range
    expect(text).not.toMatch(/"(name|telecom|line|text|display|note)"/);
    const patients = extract.filter((resource) => resource.resourceType === 'Patient');
    expect(patients).toHaveLength(exported.length);
    for (const patient of patients) expect(patient.id).toMatch(/^[0-9a-f]{64}$/);
    // The project's key gives pseudonyms that cannot be matched to the region's.
    const regionIds = new Set(exported.map((patient) => patient.id));
    expect(patients.filter((patient) => regionIds.has(patient.id))).toEqual([]);
  });
});
