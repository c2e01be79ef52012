import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finished } from './run-example';
import { ROOT, runCommand } from './run-example';

const EXAMPLE = join(ROOT, 'examples', 'region-ci');
const REPORTS = join(EXAMPLE, 'conformance-report');
const STEP = 'Run the conformance suite';

interface Step {
  readonly name?: string;
  readonly displayName?: string;
  readonly uses?: string;
  readonly task?: string;
  readonly if?: string;
  readonly condition?: string;
  readonly run?: string;
  readonly script?: string;
  readonly with?: Record<string, unknown>;
  readonly inputs?: Record<string, unknown>;
}

const github = parse(
  readFileSync(join(EXAMPLE, '.github', 'workflows', 'conformance.yml'), 'utf8'),
) as { jobs: Record<string, { steps: Step[] }> };
const azure = parse(readFileSync(join(EXAMPLE, 'azure-pipelines.yml'), 'utf8')) as {
  steps: Step[];
};
const githubSteps = Object.values(github.jobs).flatMap((job) => job.steps);

let run: Finished;
let started = 0;

beforeAll(async () => {
  rmSync(REPORTS, { recursive: true, force: true });
  started = Date.now();
  run = await runCommand('npm', ['start', '-w', '@lhcr/example-region-ci']);
});

describe('the CI definitions of examples/region-ci', () => {
  it('run the same lhcr conformance run command in GitHub Actions and Azure Pipelines', () => {
    const inGitHub = githubSteps.find((step) => step.name === STEP)?.run;
    const inAzure = azure.steps.find((step) => step.displayName === STEP)?.script;
    expect(inGitHub).toBeDefined();
    expect(inAzure).toBe(inGitHub);
    expect(inGitHub).toMatch(/^npx lhcr conformance run --target "\$REGION_FHIR_URL" /);
    expect(inGitHub).toContain('--report junit,html,json --out conformance-report');
  });

  it('publish the JUnit report and keep the HTML report and evidence pack, even when the run fails', () => {
    const junit = githubSteps.find((step) => step.uses?.startsWith('mikepenz/action-junit-report'));
    expect(junit?.with?.['report_paths']).toBe('conformance-report/conformance-junit.xml');
    expect(junit?.if).toBe('${{ !cancelled() }}');
    const artefact = githubSteps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(artefact?.with?.['path']).toBe('conformance-report/');
    expect(artefact?.if).toBe('${{ !cancelled() }}');

    const tests = azure.steps.find((step) => step.task === 'PublishTestResults@2');
    expect(tests?.inputs).toMatchObject({
      testResultsFormat: 'JUnit',
      testResultsFiles: 'conformance-report/conformance-junit.xml',
    });
    expect(tests?.condition).toBe('succeededOrFailed()');
    const kept = azure.steps.find((step) => step.task === 'PublishPipelineArtifact@1');
    expect(kept?.inputs?.['targetPath']).toBe('conformance-report');
    expect(kept?.condition).toBe('succeededOrFailed()');
  });
});

describe('examples/region-ci (npm start -w @lhcr/example-region-ci)', () => {
  it('runs the pipelines’ command against the reference region and passes', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('GitHub Actions and Azure Pipelines both run:');
    expect(run.stdout).toContain('exit code 0: the job passes');
    expect(run.stdout).toMatch(/conformance-junit\.xml: 109 test cases, 0 failed or in error/);
    expect(run.stderr).toMatch(/\[109\/109\]/);
  });

  it('writes a JUnit report with a test case per conformance test', () => {
    const junit = readFileSync(join(REPORTS, 'conformance-junit.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(junit).toMatch(
      /<testsuites name="lhcr conformance: LHCR Shared Care Record Core 1\.0\.0" tests="109" failures="0" errors="0"/,
    );
    expect(junit.match(/<testcase /g)).toHaveLength(109);
    expect(junit).toContain('<testcase classname="security" name="security.token-endpoint"');
  });

  it('writes the evidence pack for this run and target, with credentials redacted', () => {
    const text = readFileSync(join(REPORTS, 'conformance-report.json'), 'utf8');
    const report = JSON.parse(text) as {
      verdict: string;
      startedAt: string;
      target: { baseUrl: string; clientId?: string };
      settings: { fixtures: string; reports: string[] };
      summary: { tests: { total: number; pass: number } };
    };
    expect(report.verdict).toBe('pass');
    expect(Date.parse(report.startedAt)).toBeGreaterThanOrEqual(started - 1000);
    expect(report.target.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
    expect(report.target.clientId).toMatch(/^lhcr-test-client-/);
    expect(report.settings).toMatchObject({
      fixtures: 'preloaded',
      reports: ['junit', 'html', 'json'],
    });
    expect(report.summary.tests.total).toBe(109);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toMatch(/"access_token"\s*:\s*"ey/);
  });

  it('writes the single-file HTML report', () => {
    const file = join(REPORTS, 'conformance-report.html');
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Conformance report: LHCR Shared Care Record Core 1.0.0</title>');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
  });
});
