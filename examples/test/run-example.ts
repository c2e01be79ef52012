import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository root: the README commands run from here. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** What a command printed, and how it ended. */
export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The environment the examples run in: the test run's, without colour. When LHCR_FHIR_PACKAGES
 * is the default the examples fall back to (shared/fhir-packages beside the repository), it is
 * left out, so the examples' own default is what is tested.
 */
export function exampleEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  if (env['LHCR_FHIR_PACKAGES'] === resolve(ROOT, '..', 'shared', 'fhir-packages')) {
    delete env['LHCR_FHIR_PACKAGES'];
  }
  return env;
}

/**
 * Runs a README command (`npm start -w @lhcr/example-...`) from the repository root and
 * collects its output. The command and everything it started are stopped after `timeoutMs`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  timeoutMs = 150_000,
): Promise<Finished> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: ROOT, env: exampleEnv(), detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => {
    stopGroup(child.pid);
  }, timeoutMs);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Stops a process started with `detached: true` and every process it started. */
export function stopGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** A TCP port free on 127.0.0.1 just now, for a server that cannot be given port 0. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => {
    server.close(() => {
      done();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port was assigned');
  return address.port;
}
