import type { CliIo } from '../cli-io';
import { shouldLog } from './log-level';
import type { LogLevel } from './log-level';

/**
 * Writes `lhcr: <message>` to stderr when `level` is enabled. Never pass patient data.
 *
 * @example
 * ```ts
 * const log: Logger = createLogger(io, 'info');
 * log('debug', 'not shown at info');
 * ```
 */
export type Logger = (level: LogLevel, message: string) => void;

/**
 * A {@link Logger} writing to `io.stderr` at or above `threshold`.
 *
 * @example
 * ```ts
 * createLogger(io, 'debug')('debug', 'checked 3 NHS numbers'); // stderr: 'lhcr: checked 3 NHS numbers\n'
 * ```
 */
export function createLogger(io: CliIo, threshold: LogLevel): Logger {
  return (level, message) => {
    if (shouldLog(threshold, level)) io.stderr(`lhcr: ${message}\n`);
  };
}
