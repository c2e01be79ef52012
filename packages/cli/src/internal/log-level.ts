import { Option } from 'commander';
import type { Command } from 'commander';

/**
 * The `--log-level` choices, least to most verbose.
 *
 * @example
 * ```ts
 * LOG_LEVELS.includes('debug'); // true
 * ```
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/**
 * How much `lhcr` writes to stderr.
 *
 * @example
 * ```ts
 * const level: LogLevel = 'warn';
 * ```
 */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The log level when neither `--log-level` nor `LHCR_LOG_LEVEL` is given.
 *
 * @example
 * ```ts
 * DEFAULT_LOG_LEVEL; // 'info'
 * ```
 */
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/**
 * The environment variable read when `--log-level` is not given.
 *
 * @example
 * ```ts
 * const fromEnv = io.env[LOG_LEVEL_ENV];
 * ```
 */
export const LOG_LEVEL_ENV = 'LHCR_LOG_LEVEL';

/**
 * Type guard for {@link LogLevel}.
 *
 * @example
 * ```ts
 * isLogLevel('debug'); // true
 * isLogLevel('verbose'); // false
 * ```
 */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * The global `--log-level` option. Commander's own `.env()` reads `process.env`, which tests
 * cannot replace, so the `LHCR_LOG_LEVEL` fallback is applied by {@link resolveLogLevel}.
 *
 * @example
 * ```ts
 * program.addOption(logLevelOption());
 * ```
 */
export function logLevelOption(): Option {
  return new Option('--log-level <level>', `log verbosity on stderr (env: ${LOG_LEVEL_ENV})`)
    .choices(LOG_LEVELS)
    .default(DEFAULT_LOG_LEVEL);
}

/**
 * The outcome of {@link resolveLogLevel}: a level, or why the environment's value is wrong.
 *
 * @example
 * ```ts
 * const resolution: LogLevelResolution = { ok: true, level: 'info' };
 * ```
 */
export type LogLevelResolution =
  | { readonly ok: true; readonly level: LogLevel }
  | { readonly ok: false; readonly message: string };

/**
 * The effective log level: `--log-level` if given on the command line, else `LHCR_LOG_LEVEL` if
 * set, else `info`. An unknown `LHCR_LOG_LEVEL` is a configuration error.
 *
 * @example
 * ```ts
 * resolveLogLevel(program, { LHCR_LOG_LEVEL: 'debug' }); // { ok: true, level: 'debug' } unless --log-level was given
 * ```
 */
export function resolveLogLevel(
  program: Command,
  env: Readonly<Record<string, string | undefined>>,
): LogLevelResolution {
  const fromCli: unknown = program.getOptionValue('logLevel');
  if (program.getOptionValueSource('logLevel') === 'cli' && isLogLevel(fromCli)) {
    return { ok: true, level: fromCli };
  }
  const fromEnv = env[LOG_LEVEL_ENV];
  if (fromEnv === undefined || fromEnv === '') return { ok: true, level: DEFAULT_LOG_LEVEL };
  if (isLogLevel(fromEnv)) return { ok: true, level: fromEnv };
  return {
    ok: false,
    message: `error: environment variable ${LOG_LEVEL_ENV} must be one of ${LOG_LEVELS.join(', ')}; found ${JSON.stringify(fromEnv)}`,
  };
}

/**
 * Whether a message at `level` is shown when running at `threshold`.
 *
 * @example
 * ```ts
 * shouldLog('info', 'warn'); // true
 * shouldLog('info', 'debug'); // false
 * ```
 */
export function shouldLog(threshold: LogLevel, level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}
