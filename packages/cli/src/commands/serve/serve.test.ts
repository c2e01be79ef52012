import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../__fixtures__/run-cli';
import { EXIT } from '../../exit-codes';
import { main } from '../../main';

/** Starts `lhcr serve` in-process and resolves once it printed its URL. */
async function serve(
  argv: readonly string[],
): Promise<{ output: () => string; stderr: () => string; done: Promise<number> }> {
  let stdout = '';
  let stderr = '';
  const done = main(['serve', ...argv], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    isTTY: false,
  });
  const started = Date.now();
  while (!stdout.includes('Press Ctrl+C to stop.')) {
    if (Date.now() - started > 60_000) throw new Error(`lhcr serve did not start: ${stderr}`);
    const finished = await Promise.race([
      done.then(() => true),
      new Promise((resolve) => setTimeout(resolve, 50, false)),
    ]);
    if (finished === true) throw new Error(`lhcr serve stopped early: ${stderr}`);
  }
  return { output: () => stdout, stderr: () => stderr, done };
}

describe('lhcr serve', { timeout: 90_000 }, () => {
  it('prints the URL and test client (never a token), serves FHIR and stops cleanly on SIGINT', async () => {
    const run = await serve(['--port', '0', '--seed']);
    const output = run.output();
    const url = /FHIR base\s+(\S+)/.exec(output)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/);
    expect(output).toMatch(/token URL\s+http:\/\/127\.0\.0\.1:\d+\/oauth2\/token/);
    expect(output).toMatch(/test client\s+lhcr-test-client-/);
    expect(output).not.toMatch(/access_token|eyJ/);
    const keyFile = /private key\s+(\S+)/.exec(output)?.[1] ?? '';
    expect(readFileSync(keyFile, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const metadata = await fetch(`${url}/metadata`);
    expect(metadata.status).toBe(200);
    expect(((await metadata.json()) as { resourceType: string }).resourceType).toBe(
      'CapabilityStatement',
    );
    process.emit('SIGINT');
    expect(await run.done).toBe(EXIT.ok);
    expect(existsSync(keyFile)).toBe(false);
    await expect(fetch(`${url}/metadata`)).rejects.toThrow();
  });

  it('announces seeded defects', async () => {
    const run = await serve(['--port', '0', '--defect', 'no-audit', '--defect', 'ignore-dissent']);
    expect(run.output()).toContain('SEEDED DEFECTS ON: no-audit, ignore-dissent');
    process.emit('SIGTERM');
    expect(await run.done).toBe(EXIT.ok);
  });

  it('lists the defects', async () => {
    const { code, stdout } = await runCli(['serve', '--list-defects']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^ignore-dissent\tLHCR-OPT-04\t/m);
  });

  it('refuses unknown defects and bad ports with exit 2', async () => {
    const unknown = await runCli(['serve', '--defect', 'make-it-worse']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('unknown defect');
    const port = await runCli(['serve', '--port', 'eighty']);
    expect(port.code).toBe(EXIT.usage);
  });

  it('answers a port in use with exit 2', async () => {
    const first = await serve(['--port', '0']);
    const port = /FHIR base\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(first.output())?.[1] ?? '';
    const second = await runCli(['serve', '--port', port]);
    expect(second.code).toBe(EXIT.usage);
    expect(second.stderr).toContain('cannot listen');
    process.emit('SIGINT');
    expect(await first.done).toBe(EXIT.ok);
  });
});
