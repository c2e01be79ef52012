/**
 * Rehearses the CI job on this machine: starts the bundled reference region as the region's
 * server, runs the conformance step of the GitHub Actions and Azure Pipelines definitions (the
 * same command in both) against it, and shows what CI publishes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from '@lhcr/reference-server';
import { parse } from 'yaml';
import { useFhirPackages } from './fhir-packages';

const here = fileURLToPath(new URL('..', import.meta.url));
const reports = join(here, 'conformance-report');
const STEP = 'Run the conformance suite';

interface GitHubWorkflow {
  jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
}
interface AzurePipeline {
  steps: { displayName?: string; script?: string }[];
}

/** The shell script of the conformance step in each definition. */
function conformanceSteps(): { github: string; azure: string } {
  const workflow = parse(
    readFileSync(join(here, '.github/workflows/conformance.yml'), 'utf8'),
  ) as GitHubWorkflow;
  const pipeline = parse(readFileSync(join(here, 'azure-pipelines.yml'), 'utf8')) as AzurePipeline;
  const github = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((step) => step.name === STEP)?.run;
  const azure = pipeline.steps.find((step) => step.displayName === STEP)?.script;
  if (github === undefined || azure === undefined) {
    throw new Error(`a step named "${STEP}" is missing from one of the CI definitions`);
  }
  return { github, azure };
}

function size(file: string): string {
  return `${(statSync(file).size / 1024).toFixed(0)} KiB`;
}

const missing = useFhirPackages();
if (missing !== undefined) {
  console.error(missing);
  process.exit(2);
}

const steps = conformanceSteps();
if (steps.github !== steps.azure) {
  console.error(
    'The GitHub Actions and Azure Pipelines conformance steps differ; keep them the same.',
  );
  process.exit(2);
}
console.log(`GitHub Actions and Azure Pipelines both run:\n  ${steps.github}\n`);

// The region's server: here the bundled reference region, seeded with the blueprint's fixtures
// (hence --fixtures preloaded), and its generated client standing in for the tester's.
rmSync(reports, { recursive: true, force: true });
const region = await startReferenceServer({ seed: true });
const keyFolder = mkdtempSync(join(tmpdir(), 'lhcr-region-ci-'));
let status: number;
try {
  const keyFile = join(keyFolder, 'conformance-client.pem');
  writeFileSync(keyFile, region.testClient.privateKey, { mode: 0o600 });
  // Asynchronously: the region answers from this process while the step runs.
  const step = spawn('bash', ['-e', '-o', 'pipefail', '-c', steps.github], {
    cwd: here,
    stdio: 'inherit',
    env: {
      ...process.env,
      REGION_FHIR_URL: region.url,
      CONFORMANCE_CLIENT_ID: region.testClient.clientId,
      CONFORMANCE_KEY_ID: region.testClient.kid,
      CONFORMANCE_KEY_FILE: keyFile,
    },
  });
  status = await new Promise<number>((resolve, reject) => {
    step.on('error', reject);
    step.on('close', (code) => {
      resolve(code ?? 3);
    });
  });
} finally {
  await region.close();
  rmSync(keyFolder, { recursive: true, force: true });
}

if (!existsSync(join(reports, 'conformance-report.json'))) {
  console.error(`\nexit code ${String(status)}: the job fails before writing its reports`);
  process.exit(status === 0 ? 3 : status);
}
const junit = readFileSync(join(reports, 'conformance-junit.xml'), 'utf8');
const evidence = JSON.parse(readFileSync(join(reports, 'conformance-report.json'), 'utf8')) as {
  verdict: string;
};
const cases = junit.match(/<testcase /g)?.length ?? 0;
const failures = junit.match(/<(failure|error) /g)?.length ?? 0;
console.log(`\nexit code ${String(status)}: the job ${status === 0 ? 'passes' : 'fails'}`);
console.log('What CI publishes:');
console.log(
  `  test results  conformance-report/conformance-junit.xml: ${String(cases)} test cases, ${String(failures)} failed or in error`,
);
console.log(
  `  artefact      conformance-report/conformance-report.html (${size(join(reports, 'conformance-report.html'))})`,
);
console.log(
  `  artefact      conformance-report/conformance-report.json (${size(join(reports, 'conformance-report.json'))}): verdict ${evidence.verdict}`,
);
process.exitCode = status;
