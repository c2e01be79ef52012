import { describe, expect, it, vi } from 'vitest';
import { version } from '../package.json';
import { ANSI, runCli } from './__fixtures__/run-cli';
import { EXIT, main } from './index';

describe('main: help and version', () => {
  it.each([['--help'], ['-h']])('prints help to stdout for %s and exits 0', async (flag) => {
    const { code, stdout, stderr } = await runCli([flag]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('Usage: lhcr [options] [command]');
    expect(stdout).toContain('nhs-number');
    expect(stdout).toContain('--log-level <level>');
    expect(stdout).toContain('Exit codes: 0 ok, 1 failures found');
    expect(stderr).toBe('');
  });

  it('prints help for a command with `help <command>` and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['help', 'nhs-number']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('Usage: lhcr nhs-number [options] [numbers...]');
    expect(stdout).toContain('--generate <count>');
    expect(stderr).toBe('');
  });

  it.each([['--version'], ['-V']])(
    'prints the package version for %s and exits 0',
    async (flag) => {
      const { code, stdout, stderr } = await runCli([flag]);
      expect(code).toBe(EXIT.ok);
      expect(stdout).toBe(`${version}\n`);
      expect(stderr).toBe('');
    },
  );

  it('defaults to the real process streams when no io is given', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await expect(main(['--version'])).resolves.toBe(EXIT.ok);
    expect(write).toHaveBeenCalledWith(`${version}\n`);
  });
});

describe('main: usage errors exit 2 with usage on stderr', () => {
  it('rejects an unknown command', async () => {
    const { code, stdout, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain("error: unknown command 'frobnicate'");
    expect(stderr).toContain('Usage: lhcr [options] [command]');
  });

  it('suggests a near-miss command', async () => {
    const { code, stderr } = await runCli(['nhs-numbr', '9434765919']);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('Did you mean nhs-number?');
  });

  it('rejects an unknown option', async () => {
    const { code, stderr } = await runCli(['--frobnicate']);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("error: unknown option '--frobnicate'");
    expect(stderr).toContain('Usage: lhcr');
  });

  it('prints usage and exits 2 when no command is given', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: lhcr [options] [command]');
  });

  it('rejects a --log-level outside the choices', async () => {
    const { code, stderr } = await runCli(['--log-level', 'loud', 'nhs-number', '9434765919']);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('Allowed choices are error, warn, info, debug');
  });

  it('rejects an unknown LHCR_LOG_LEVEL as a configuration error', async () => {
    const { code, stdout, stderr } = await runCli(['nhs-number', '9434765919'], {
      env: { LHCR_LOG_LEVEL: 'loud' },
    });
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'LHCR_LOG_LEVEL must be one of error, warn, info, debug; found "loud"',
    );
  });
});

describe('main: log level', () => {
  it('takes LHCR_LOG_LEVEL when --log-level is not given', async () => {
    const { code, stderr } = await runCli(['nhs-number', '9434765919'], {
      env: { LHCR_LOG_LEVEL: 'debug' },
    });
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe('lhcr: checked 1 NHS number: 0 invalid\n');
  });

  it('lets --log-level, before or after the command, override LHCR_LOG_LEVEL', async () => {
    const env = { LHCR_LOG_LEVEL: 'debug' };
    expect(
      (await runCli(['--log-level', 'error', 'nhs-number', '9434765919'], { env })).stderr,
    ).toBe('');
    expect(
      (await runCli(['nhs-number', '--log-level', 'error', '9434765919'], { env })).stderr,
    ).toBe('');
  });

  it('logs nothing extra at the default level', async () => {
    expect((await runCli(['nhs-number', '9434765919'])).stderr).toBe('');
  });
});

describe('main: colour', () => {
  const argv = ['nhs-number', '9434765919', '9434765918'];

  it('colours output on a terminal', async () => {
    const { stdout } = await runCli(argv, { isTTY: true, env: {} });
    expect(stdout).toMatch(ANSI);
  });

  it('honours NO_COLOR on a terminal', async () => {
    const { stdout, stderr } = await runCli(argv, { isTTY: true, env: { NO_COLOR: '1' } });
    expect(stdout).not.toMatch(ANSI);
    expect(stdout).toContain('✓ 943 476 5919  valid');
    const usage = await runCli(['frobnicate'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(usage.stderr).not.toMatch(ANSI);
    expect(stderr).not.toMatch(ANSI);
  });

  it('ignores an empty NO_COLOR, as no-color.org says', async () => {
    const { stdout } = await runCli(argv, { isTTY: true, env: { NO_COLOR: '' } });
    expect(stdout).toMatch(ANSI);
  });

  it('never colours when stdout is not a terminal', async () => {
    const { stdout } = await runCli(argv, { isTTY: false, env: {} });
    expect(stdout).not.toMatch(ANSI);
  });
});

describe('main: internal errors exit 3', () => {
  // The seam: an io whose stdout throws makes the running command throw an unexpected error.
  const failingStdout = (): never => {
    throw new Error('disk on fire while writing 943 476 5919');
  };

  it('prints a redacted "this is a bug" note without a stack trace', async () => {
    const { code, stderr } = await runCli(['nhs-number', '9434765919'], { stdout: failingStdout });
    expect(code).toBe(EXIT.internal);
    expect(stderr).toBe(
      'lhcr: internal error (this is a bug; please report it at https://github.com/lhcr/lhcr/issues): ' +
        'disk on fire while writing [redacted]\n',
    );
  });

  it('adds the (redacted) stack trace at --log-level debug', async () => {
    const { code, stderr } = await runCli(['--log-level', 'debug', 'nhs-number', '9434765919'], {
      stdout: failingStdout,
    });
    expect(code).toBe(EXIT.internal);
    expect(stderr).toContain('lhcr: internal error (this is a bug;');
    expect(stderr).toMatch(/\n\s+at /);
    expect(stderr).not.toContain('943 476 5919');
  });

  it('adds the stack trace when LHCR_LOG_LEVEL=debug', async () => {
    const { stderr } = await runCli(['nhs-number', '9434765919'], {
      stdout: failingStdout,
      env: { LHCR_LOG_LEVEL: 'debug' },
    });
    expect(stderr).toMatch(/\n\s+at /);
  });

  it('describes thrown non-Error values without dumping them', async () => {
    const throwObject = (): never => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
      throw { body: { resourceType: 'Patient' } };
    };
    const { code, stderr } = await runCli(['nhs-number', '9434765919'], { stdout: throwObject });
    expect(code).toBe(EXIT.internal);
    expect(stderr).toContain('non-Error value thrown: [object Object]');
    expect(stderr).not.toContain('Patient');
  });
});
