import { Command, CommanderError } from 'commander';
import { version } from '../package.json';
import { processIo } from './cli-io';
import type { CliIo } from './cli-io';
import { EXIT } from './exit-codes';
import type { ExitCode } from './exit-codes';
import { colourEnabled, createColour } from './internal/colour';
import type { CommandContext } from './internal/command-context';
import { registerCommands } from './internal/commands';
import { reportInternalError } from './internal/internal-error';
import { logLevelOption, resolveLogLevel } from './internal/log-level';
import { createLogger } from './internal/logger';

const HELP_WIDTH = 80;

/**
 * Runs the `lhcr` command line and resolves to its exit code; it never calls `process.exit`
 * and never rejects. `argv` excludes `node` and the script (`process.argv.slice(2)`). Members of
 * `io` not given default to the current process.
 *
 * - `--help`, `--version`: exit 0 ({@link EXIT}.ok);
 * - a command that found failures (an invalid NHS number): exit 1;
 * - an unknown command or option, a missing or bad argument: usage on stderr, exit 2;
 * - an unexpected exception: a "this is a bug" note on stderr (with the stack trace only at
 *   `--log-level debug`), exit 3.
 *
 * @example
 * ```ts
 * import { main } from '@lhcr/cli';
 *
 * let out = '';
 * const code = await main(['nhs-number', '943 476 5919'], {
 *   stdout: (text) => (out += text),
 *   env: {},
 *   isTTY: false,
 * });
 * // code === 0, out === '✓ 943 476 5919  valid\n'
 * ```
 */
export async function main(argv: readonly string[], io?: Partial<CliIo>): Promise<ExitCode> {
  const cli = processIo(io);
  const colour = createColour(colourEnabled(cli.env, cli.isTTY));
  const helpWidth = (): number => {
    // `columns` is undefined when stdout is not a terminal, whatever @types/node says.
    const columns: unknown = process.stdout.columns;
    return cli.isTTY && typeof columns === 'number' && columns > 0 ? columns : HELP_WIDTH;
  };
  let exitCode: ExitCode = EXIT.ok;

  const program = new Command('lhcr')
    .description(
      "Toolkit for England's regional shared care records: NHS identifier checks today; " +
        'validation, opt-outs and conformance runs as the toolkit grows.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        cli.stdout(text);
      },
      writeErr: (text) => {
        cli.stderr(text);
      },
      outputError: (text, write) => {
        write(colour.red(text));
      },
      getOutHelpWidth: helpWidth,
      getErrHelpWidth: helpWidth,
      getOutHasColors: () => colour.enabled,
      getErrHasColors: () => colour.enabled,
    })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .helpCommand('help [command]', 'print help for a command')
    .addOption(logLevelOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failures found, 2 usage or configuration error, 3 internal error.',
    );

  registerCommands(program, async (command, run) => {
    const logLevel = resolveLogLevel(program, cli.env);
    if (!logLevel.ok) {
      return command.error(logLevel.message, { exitCode: EXIT.usage, code: 'lhcr.config' });
    }
    const context: CommandContext = {
      io: cli,
      colour,
      logLevel: logLevel.level,
      log: createLogger(cli, logLevel.level),
      usageError: (message) =>
        command.error(`error: ${message}`, { exitCode: EXIT.usage, code: 'lhcr.usage' }),
    };
    exitCode = await run(context);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage or configuration error,
      // already printed (with usage) to stderr.
      return thrown.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const logLevel = resolveLogLevel(program, cli.env);
    reportInternalError(cli, thrown, logLevel.ok && logLevel.level === 'debug');
    return EXIT.internal;
  }
}
