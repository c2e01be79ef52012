import type { Command } from 'commander';
import type { CliIo } from '../cli-io';
import type { ExitCode } from '../exit-codes';
import type { Colour } from './colour';
import type { LogLevel } from './log-level';
import type { Logger } from './logger';

/**
 * What a command's `run` function receives besides its arguments and options.
 *
 * @example
 * ```ts
 * function run(context: CommandContext): ExitCode {
 *   context.io.stdout(`${context.colour.green('✓')} done\n`);
 *   return EXIT.ok;
 * }
 * ```
 */
export interface CommandContext {
  readonly io: CliIo;
  /** Colour for stdout and stderr; off when `NO_COLOR` is set or stdout is not a terminal. */
  readonly colour: Colour;
  readonly logLevel: LogLevel;
  readonly log: Logger;
  /** Prints `error: <message>` and the command's usage to stderr, and ends the run with exit 2. */
  readonly usageError: (message: string) => never;
}

/**
 * A lazily loaded command body: it resolves to the run's exit code.
 *
 * @example
 * ```ts
 * const run: CommandRun = async (context) => (await import('../commands/nhs-number')).runNhsNumber(numbers, options, context);
 * ```
 */
export type CommandRun = (context: CommandContext) => Promise<ExitCode>;

/**
 * Runs a command body with the context built for the commander `Command` being executed.
 *
 * @example
 * ```ts
 * command.action((numbers: string[], options: NhsNumberOptions, self: Command) => dispatch(self, run));
 * ```
 */
export type Dispatch = (command: Command, run: CommandRun) => Promise<void>;
