import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreBlueprint } from './__fixtures__/test-blueprint';
import type { ConformanceReport } from './report/conformance-report';
import type { ConformanceBlueprint } from './run-conformance';
import { runConformance } from './run-conformance';
import type { RegionDefect } from './reference-region';
import { referenceRegionDefects, startReferenceRegion } from './reference-region';

/**
 * The tester is tested: the suite passes every MUST test against the reference region, and
 * fails a MUST test naming the broken requirement against each of its seeded defects.
 */

const schema: unknown = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../schema/conformance-report.schema.json'), 'utf8'),
);
let loaded: ConformanceBlueprint;
let defects: readonly RegionDefect[];

beforeAll(async () => {
  loaded = await coreBlueprint();
  defects = await referenceRegionDefects();
});

async function runAgainst(
  defect: readonly string[],
  only: readonly string[] = [],
): Promise<ConformanceReport> {
  const region = await startReferenceRegion({ blueprint: loaded, defects: defect });
  try {
    return await runConformance({
      ...loaded,
      target: region.target,
      fixtures: 'preloaded',
      concurrency: 4,
      ...(only.length === 0 ? {} : { only }),
    });
  } finally {
    await region.close();
  }
}

interface Row {
  readonly defect: RegionDefect;
  readonly catching: readonly string[];
  readonly tests: number;
}

const rows: Row[] = [];

afterAll(() => {
  if (rows.length === 0) return;
  const caught = rows.filter((row) => row.catching.length > 0);
  const lines = [
    '',
    '| defect | breaks | MUST tests that failed on it |',
    '| --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.defect.id} | ${row.defect.breaks.join(', ')} | ${
          row.catching.length > 0 ? row.catching.join(', ') : 'NONE'
        } |`,
    ),
    '',
    `Mutation score: ${String(caught.length)} of ${String(rows.length)} seeded defects caught (${((100 * caught.length) / rows.length).toFixed(0)}%).`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});

describe('the conformance suite against the reference region', () => {
  it('passes every MUST test against the correct server (no false failures)', async () => {
    const report = await runAgainst([]);
    const notPassing = report.tests
      .filter((test) => test.level === 'MUST' && test.outcome !== 'pass')
      .map((test) => `${test.id}: ${test.outcome}: ${test.reason ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(report.tests.length).toBeGreaterThan(90);
    expect(report.coverage).toMatchObject({ total: 80, notCovered: 0 });
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema as object);
    validate(JSON.parse(JSON.stringify(report)));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('fails a MUST test naming the broken requirement against each seeded defect', async () => {
    const category = new Map(
      loaded.blueprint.requirements.map((requirement) => [requirement.id, requirement.category]),
    );
    const queue = [...defects];
    const worker = async (): Promise<void> => {
      for (let defect = queue.shift(); defect !== undefined; defect = queue.shift()) {
        // The tests of the broken requirements and of their categories (with what they need).
        const only = [
          ...defect.breaks,
          ...new Set(defect.breaks.map((id) => category.get(id) ?? id)),
        ];
        const report = await runAgainst([defect.id], only);
        const catching = report.tests
          .filter(
            (test) =>
              test.level === 'MUST' &&
              test.outcome === 'fail' &&
              test.requirementIds.some((id) => defect.breaks.includes(id)),
          )
          .map((test) => test.id);
        rows.push({ defect, catching, tests: report.tests.length });
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    rows.sort((a, b) => defects.indexOf(a.defect) - defects.indexOf(b.defect));
    const missed = rows.filter((row) => row.catching.length === 0).map((row) => row.defect.id);
    expect(missed).toEqual([]);
    expect(rows).toHaveLength(defects.length);
    expect(rows.length).toBeGreaterThan(40);
  }, 600_000);
});
