import type { CliIo } from '../cli-io';

/**
 * Where users report bugs; printed with every internal error.
 *
 * @example
 * ```ts
 * io.stderr(`please report it at ${ISSUES_URL}\n`);
 * ```
 */
export const ISSUES_URL = 'https://github.com/lhcr/lhcr/issues';

/** Ten digits, optionally grouped 3-3-4 with spaces or dashes: anything that may be an NHS number. */
const NHS_NUMBER_LIKE = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;

/**
 * Removes anything that looks like an NHS number, so that bug reports carry no patient data.
 *
 * @example
 * ```ts
 * redact('failed for 943 476 5919'); // 'failed for [redacted]'
 * ```
 */
export function redact(text: string): string {
  return text.replace(NHS_NUMBER_LIKE, '[redacted]');
}

/** The message of anything thrown, without dumping objects that might hold resource bodies. */
function describeThrown(thrown: unknown): { message: string; stack: string | undefined } {
  if (thrown instanceof Error) {
    return { message: thrown.message || thrown.name, stack: thrown.stack };
  }
  if (typeof thrown === 'string' || typeof thrown === 'number' || typeof thrown === 'boolean') {
    return { message: `non-Error value thrown: ${String(thrown)}`, stack: undefined };
  }
  return {
    message: `non-Error value thrown: ${Object.prototype.toString.call(thrown)}`,
    stack: undefined,
  };
}

/**
 * Prints the "this is a bug" note for an unexpected exception, with the stack trace only when
 * `withStack` (log level debug). Both are redacted.
 *
 * @example
 * ```ts
 * reportInternalError(io, new Error('boom'), false);
 * // stderr: 'lhcr: internal error (this is a bug; please report it at https://github.com/lhcr/lhcr/issues): boom\n'
 * ```
 */
export function reportInternalError(io: CliIo, thrown: unknown, withStack: boolean): void {
  const { message, stack } = describeThrown(thrown);
  io.stderr(
    `lhcr: internal error (this is a bug; please report it at ${ISSUES_URL}): ${redact(message)}\n`,
  );
  if (withStack && stack !== undefined) io.stderr(`${redact(stack)}\n`);
}
