import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../__fixtures__/run-cli';
import { EXIT } from '../../exit-codes';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lhcr-cli-conformance-'));
  dirs.push(dir);
  return dir;
}

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) =>
    server.close(() => {
      done();
    }),
  );
  return typeof address === 'object' && address !== null ? address.port : 0;
}

beforeAll(() => {
  process.env['LHCR_FHIR_PACKAGES'] ??= resolve(packageDir, '../../../shared/fhir-packages');
});

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lhcr conformance run', { timeout: 120_000 }, () => {
  it('tests the bundled reference region when there is no --target, and writes every report', async () => {
    const out = tempDir();
    const { code, stdout, stderr } = await runCli([
      'conformance',
      'run',
      '--only',
      'capability,security',
      '--out',
      out,
    ]);
    expect(stderr).toMatch(
      /lhcr: started the bundled reference region at http:\/\/127\.0\.0\.1:\d+\/fhir/,
    );
    expect(stderr).toMatch(/Running \d+ tests, 4 at a time/);
    expect(stderr).toMatch(/\[ *\d+\/\d+\] ✓ pass capability\.metadata/);
    expect(stdout).toContain('Security');
    expect(stdout).toMatch(/By category[\s\S]*By level/);
    expect(stdout).toContain('Verdict: pass: every MUST test passed');
    expect(stdout).toContain(`json   ${join(out, 'conformance-report.json')}`);
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(readFileSync(join(out, 'conformance-report.json'), 'utf8')) as {
      verdict: string;
      settings: { reports: string[]; fixtures: string; referenceRegion: { defects: string[] } };
    };
    expect(report.verdict).toBe('pass');
    expect(report.settings).toMatchObject({
      reports: ['console', 'json', 'junit', 'html'],
      fixtures: 'preloaded',
      referenceRegion: { defects: [] },
    });
    expect(readFileSync(join(out, 'conformance-junit.xml'), 'utf8')).toContain(
      '<testcase classname="security"',
    );
    expect(existsSync(join(out, 'conformance-report.html'))).toBe(true);
  });

  it('exits 1 when a MUST test fails (a seeded defect of the bundled region)', async () => {
    const { code, stdout } = await runCli([
      'conformance',
      'run',
      '--defect',
      'ignore-scopes',
      '--only',
      'LHCR-SEC-04',
      '--report',
      'console',
    ]);
    expect(stdout).toMatch(/✗ MUST {3}security\.scope-enforced/);
    expect(stdout).toContain(
      'FAIL: a Condition search with only system/Patient.read answered 200; expected 403',
    );
    expect(stdout).toContain('Verdict: FAIL: a MUST test failed');
    expect(code).toBe(EXIT.failed);
  });

  it('exits 3, quickly, when the target cannot be reached', async () => {
    const port = await closedPort();
    const started = Date.now();
    const { code, stdout, stderr } = await runCli([
      'conformance',
      'run',
      '--target',
      `http://127.0.0.1:${String(port)}/fhir`,
      '--report',
      'console',
      '--timeout',
      '500',
    ]);
    expect(stderr).toContain('no client credentials');
    expect(stdout).toMatch(/capability\.metadata[\s\S]*ERROR: the server could not be reached/);
    expect(stdout).toContain('Verdict: ERROR: the tester could not run a MUST test');
    expect(code).toBe(EXIT.internal);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it.each([
    [['--concurrency', '0'], '--concurrency must be a whole number from 1 to 64'],
    [['--timeout', 'soon'], '--timeout must be a whole number from 100 to 600000'],
    [['--report', 'console,pdf'], '--report: unknown format pdf'],
    [
      ['--target', 'http://127.0.0.1:1/fhir', '--defect', 'no-auth'],
      '--defect seeds the bundled reference region',
    ],
    [
      ['--target', 'http://127.0.0.1:1/fhir', '--client-id', 'tester'],
      '--client-id, --private-key and --key-id go together',
    ],
    [
      [
        '--target',
        'http://127.0.0.1:1/fhir',
        '--client-id',
        'tester',
        '--key-id',
        'k',
        '--private-key',
        '/no/such/key.pem',
      ],
      '--private-key: cannot read the private key file /no/such/key.pem',
    ],
    [['--fixtures', 'sometimes'], "argument 'sometimes' is invalid"],
  ])('exits 2 for a usage error: %j', async (args, message) => {
    const { code, stderr } = await runCli(['conformance', 'run', ...args]);
    expect(stderr).toContain(message);
    expect(code).toBe(EXIT.usage);
  });

  it('exits 2 when the blueprint or an unknown defect cannot be used', async () => {
    const missing = await runCli([
      'conformance',
      'run',
      '--blueprint',
      './no-such-blueprint',
      '--report',
      'console',
    ]);
    expect(missing.stderr).toContain(
      'error: the blueprint ./no-such-blueprint could not be loaded',
    );
    expect(missing.code).toBe(EXIT.usage);
    const defect = await runCli([
      'conformance',
      'run',
      '--defect',
      'no-such-defect',
      '--report',
      'console',
    ]);
    expect(defect.stderr).toContain('unknown defect no-such-defect');
    expect(defect.code).toBe(EXIT.usage);
  });

  it('says where it looked when UK Core is missing (the built bin)', () => {
    const bin = join(packageDir, 'bin.js');
    if (!existsSync(join(packageDir, 'dist/index.js'))) {
      throw new Error(
        'packages/cli/dist is missing; build first: npx turbo run build --filter=@lhcr/cli...',
      );
    }
    const empty = tempDir();
    const result = spawnSync(process.execPath, [bin, 'conformance', 'run', '--report', 'console'], {
      cwd: packageDir,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'],
        HOME: empty,
        LHCR_FHIR_PACKAGES: join(empty, 'fhir-packages'),
      },
      timeout: 60_000,
    });
    expect(result.stderr).toContain('fhir.r4.ukcore.stu2#2.0.0');
    expect(result.stderr).toContain(`folder ${join(empty, 'fhir-packages')} (absent)`);
    expect(result.stderr).toContain('Set LHCR_FHIR_PACKAGES');
    expect(result.status).toBe(EXIT.usage);
  });
});
