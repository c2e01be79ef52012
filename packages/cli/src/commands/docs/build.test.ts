import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../__fixtures__/run-cli';
import { EXIT } from '../../exit-codes';

const CORE = dirname(createRequire(import.meta.url).resolve('@lhcr/blueprint-core/package.json'));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lhcr-cli-docs-'));
  dirs.push(dir);
  return dir;
}

describe('lhcr docs build <blueprint> -o <dir>', { timeout: 30_000 }, () => {
  it('builds the site of a blueprint package and exits 0', async () => {
    const out = tempDir();
    const { code, stdout, stderr } = await runCli([
      'docs',
      'build',
      '@lhcr/blueprint-core',
      '-o',
      out,
    ]);
    expect(stderr).not.toMatch(/error|✗/);
    expect(stderr).toMatch(/validation warning\(s\) on examples and fixtures/);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(
      `✓ LHCR Shared Care Record Core 1.0.0: ${String(stdout.match(/: (\d+) files/)?.[1])} files written to ${out}\n`,
    );
    expect(readFileSync(join(out, 'requirements', 'LHCR-PAT-01.html'), 'utf8')).toContain(
      '<h1>LHCR-PAT-01: One NHS number per patient</h1>',
    );
    expect(existsSync(join(out, 'profiles', 'LHCR-Patient.html'))).toBe(true);
  });

  it('builds from a folder with --since and --traceability', async () => {
    const out = tempDir();
    const mapping = join(tempDir(), 'traceability.json');
    writeFileSync(
      mapping,
      JSON.stringify([{ testId: 'search.nhs-number', requirementIds: ['LHCR-SRCH-01'] }]),
    );
    const { code } = await runCli([
      'docs',
      'build',
      CORE,
      '-o',
      out,
      '--since',
      CORE,
      '--traceability',
      mapping,
    ]);
    expect(code).toBe(EXIT.ok);
    expect(readFileSync(join(out, 'traceability.html'), 'utf8')).toContain(
      '<code>search.nhs-number</code>',
    );
    expect(readFileSync(join(out, 'changes.html'), 'utf8')).toContain('No requirement changed.');
  });

  it('prints located errors and exits 1 for a broken blueprint', async () => {
    const broken = tempDir();
    cpSync(CORE, broken, { recursive: true });
    const manifest = join(broken, 'blueprint.yaml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('status: active', 'status: final'),
    );
    const { code, stdout, stderr } = await runCli(['docs', 'build', broken, '-o', tempDir()]);
    expect(code).toBe(EXIT.failed);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'blueprint.yaml:6:9 error [schema] status: expected one of draft, active, retired; found "final"\n',
    );
    expect(stderr).toContain('has 1 error(s)');
  });

  it('exits 2 for a blueprint that cannot be found or a bad option', async () => {
    const missing = await runCli(['docs', 'build', '@lhcr/no-such-blueprint', '-o', tempDir()]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('blueprint package "@lhcr/no-such-blueprint" not found');
    const noOutput = await runCli(['docs', 'build', CORE]);
    expect(noOutput.code).toBe(EXIT.usage);
    expect(noOutput.stderr).toContain("required option '-o, --output <dir>' not specified");
    const badMapping = join(tempDir(), 'bad.json');
    writeFileSync(badMapping, '{"tests": 3}');
    const bad = await runCli([
      'docs',
      'build',
      CORE,
      '-o',
      tempDir(),
      '--traceability',
      badMapping,
    ]);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('expected an array of tests');
  });
});
