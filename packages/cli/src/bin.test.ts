import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { version } from '../package.json';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'bin.js');

interface Spawned {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function node(args: readonly string[], env: NodeJS.ProcessEnv = {}): Spawned {
  const result = spawnSync(process.execPath, args, {
    cwd: packageDir,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], ...env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built bin.js', () => {
  beforeAll(() => {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      if (!existsSync(join(packageDir, file))) {
        throw new Error(
          `packages/cli/${file} is missing; build first: npx turbo run build --filter=@lhcr/cli`,
        );
      }
    }
  });

  it('checks NHS numbers and exits 1 when one is invalid', () => {
    const { status, stdout, stderr } = node([bin, 'nhs-number', '9434765919', '9434765918']);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      '✓ 943 476 5919  valid\n' +
        '✗ 9434765918  invalid: NHS number fails the modulus 11 check: the last digit does not match the first nine\n',
    );
    expect(status).toBe(1);
  });

  it('exits 0 when every number is valid, with all output flushed', () => {
    const { status, stdout } = node([bin, 'nhs-number', '--generate', '10000']);
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(10_000);
  });

  it('exits 2 with usage on stderr for an unknown command', () => {
    const { status, stdout, stderr } = node([bin, 'frobnicate']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: lhcr');
  });

  it('prints the package version from the ESM build', () => {
    const { status, stdout } = node([bin, '--version']);
    expect(status).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it('prints the package version from the CJS build', () => {
    const script =
      "require('./dist/index.cjs').main(['--version']).then((code) => { process.exitCode = code; });";
    const { status, stdout } = node(['-e', script]);
    expect(status).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });
});
