import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_NHS_NUMBER, SAMPLE_TOKEN, sampleReports } from '../__fixtures__/sample-report';
import type { ConformanceReport } from './conformance-report';
import {
  CONFORMANCE_REPORT_SCHEMA_ID,
  conformanceExitCode,
  runVerdict,
} from './conformance-report';
import { createConsoleProgress, renderConsoleReport } from './console-report';
import { renderHtmlReport } from './html-report';
import { renderJunitReport } from './junit-report';
import { REPORT_FILE_NAMES, writeConformanceReports } from './write-reports';

const NHS_NUMBER = SAMPLE_NHS_NUMBER;
const TOKEN = SAMPLE_TOKEN;
const schema: unknown = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../schema/conformance-report.schema.json'), 'utf8'),
);

let report: ConformanceReport;
let withBodies: ConformanceReport;

beforeAll(async () => {
  ({ report, withBodies } = await sampleReports());
});

describe('the JSON report (evidence pack)', () => {
  it('validates against the published schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema as object);
    const json: unknown = JSON.parse(JSON.stringify(report));
    validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(report.$schema).toBe(CONFORMANCE_REPORT_SCHEMA_ID);
  });

  it('never holds a token, and holds patient data only when bodies are kept', () => {
    const text = JSON.stringify(report);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(NHS_NUMBER);
    expect(text).not.toContain('Zzsynthetic');
    const kept = JSON.stringify(withBodies);
    expect(kept).not.toContain(TOKEN);
    expect(kept).toContain(NHS_NUMBER);
    expect(kept).toContain('Zzsynthetic');
    const exchange = report.tests[0]?.exchanges[1];
    expect(exchange).toMatchObject({ testId: 'checks.pass', requirementIds: ['R-1'], status: 200 });
    expect(exchange?.url).toContain('identifier=[redacted]');
  });

  it('rolls MUST tests up into the verdict and the exit code', () => {
    expect(report.verdict).toBe('skip');
    expect(conformanceExitCode(report)).toBe(1);
    expect(
      runVerdict([
        { level: 'MUST', outcome: 'pass' },
        { level: 'SHOULD', outcome: 'fail' },
      ]),
    ).toBe('pass');
    expect(conformanceExitCode({ verdict: 'pass' })).toBe(0);
    expect(conformanceExitCode({ verdict: 'omit' })).toBe(0);
    expect(conformanceExitCode({ verdict: 'fail' })).toBe(1);
    expect(conformanceExitCode({ verdict: 'error' })).toBe(3);
    expect(report.summary.byLevel.SHOULD.fail).toBe(1);
    expect(report.groups[0]?.outcome).toBe('error');
  });
});

describe('the JUnit report', () => {
  it('has one testcase per test with the requirement ids as properties, and escapes text', () => {
    const xml = renderJunitReport(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain(
      '<testsuites name="lhcr conformance: Mini blueprint 0.0.1" tests="5" failures="1" errors="1" skipped="2"',
    );
    expect(xml).toContain('<property name="requirement" value="R-1"/>');
    expect(xml).toContain(
      '<failure message="expected &lt;b&gt;bold&lt;/b&gt; &amp; found  nothing" type="SHOULD">',
    );
    expect(xml).toContain('<skipped message="not demonstrated: no fixtures"/>');
    expect(xml).toContain('<skipped message="not applicable: optional and not declared"/>');
    expect(xml).toContain('<error message="the tester failed: boom" type="error">');
    expect(xml).not.toContain('\u0001');
    expect(xml).not.toContain(TOKEN);
    const opened = (xml.match(/<(testsuites|testsuite|testcase|properties)[ >]/g) ?? []).length;
    const closed = (xml.match(/<\/(testsuites|testsuite|testcase|properties)>/g) ?? []).length;
    expect(opened).toBe(closed);
  });
});

describe('the HTML report', () => {
  it('is one self-contained page with the tests, the meanings and escaped text', () => {
    const html = renderHtmlReport(report);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('A passing test &lt;with markup &amp; &quot;quotes&quot;&gt;');
    expect(html).not.toMatch(/<(link|img|iframe)\b|src="http/);
    expect(html).toContain('not demonstrated');
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(NHS_NUMBER);
  });
});

describe('the console report and progress', () => {
  it('groups the results and summarises by category and level, in colour only when asked', () => {
    const plain = renderConsoleReport(report);
    expect(plain).toContain('Checks');
    expect(plain).toContain('FAIL: expected <b>bold</b>');
    expect(plain).toMatch(/By category[\s\S]*By level[\s\S]*SHOULD/);
    expect(plain).toContain('Verdict: not demonstrated: a MUST test was not demonstrated');
    expect(plain).not.toContain('\u001b[');
    expect(renderConsoleReport(report, { colour: true })).toContain('\u001b[31m');
    const lines: string[] = [];
    const progress = createConsoleProgress((text) => lines.push(text));
    progress({ type: 'run-start', total: 5, concurrency: 2 });
    const result = { ...report.tests[1], groupId: 'checks' };
    progress({
      type: 'test-end',
      result: {
        ...result,
        requirements: ['R-2'],
        level: 'SHOULD',
        category: 'security',
        description: undefined,
        inputs: undefined,
        startedAt: undefined,
        reason: 'x',
      } as never,
      done: 2,
      total: 5,
    });
    expect(lines[0]).toBe('Running 5 tests, 2 at a time\n');
    expect(lines[1]).toMatch(/^\[2\/5\] ✗ FAIL checks.fail/);
  });
});

describe('writeConformanceReports', () => {
  it('writes each format to the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lhcr-conformance-'));
    try {
      const written = await writeConformanceReports(report, join(dir, 'out'), [
        'json',
        'junit',
        'html',
      ]);
      expect(written.json).toBe(join(dir, 'out', REPORT_FILE_NAMES.json));
      expect(JSON.parse(await readFile(written.json ?? '', 'utf8'))).toMatchObject({
        verdict: 'skip',
      });
      expect(await readFile(written.junit ?? '', 'utf8')).toContain('<testsuites');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
