import type { CliIo } from '../cli-io';
import type { ExitCode } from '../exit-codes';
import { main } from '../main';

/**
 * What one in-process run of `main` printed and returned.
 *
 * @example
 * ```ts
 * const run: CliRun = await runCli(['--version']); // { code: 0, stdout: '0.0.0\n', stderr: '' }
 * ```
 */
export interface CliRun {
  readonly code: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `main(argv)` in-process with captured output, an empty environment and no terminal,
 * unless `io` says otherwise.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCli(['nhs-number', '9434765919']);
 * ```
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
    isTTY: false,
    ...io,
  });
  return { code, stdout, stderr };
}

/**
 * Matches the start of any ANSI escape sequence.
 *
 * @example
 * ```ts
 * expect(stdout).not.toMatch(ANSI);
 * ```
 */
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
export const ANSI = /\u001b\[/;
