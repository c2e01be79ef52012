import {
  formatNhsNumber,
  generateTestNhsNumber,
  isTestRangeNhsNumber,
  parseNhsNumber,
} from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { EXIT } from '../exit-codes';
import type { ExitCode } from '../exit-codes';
import type { CommandContext } from '../internal/command-context';

/**
 * The most numbers one `--generate` may ask for.
 *
 * @example
 * ```ts
 * parseGenerateCount(String(MAX_GENERATE)); // 10000
 * ```
 */
export const MAX_GENERATE = 10_000;

/**
 * The options of `lhcr nhs-number`, as commander parses them.
 *
 * @example
 * ```ts
 * const options: NhsNumberOptions = { format: 'json', generate: '5', display: true };
 * ```
 */
export interface NhsNumberOptions {
  /** `text` (default) or `json`; commander restricts it to those choices. */
  readonly format: 'text' | 'json';
  /** How many test-range numbers to generate, as typed; validated by {@link parseGenerateCount}. */
  readonly generate?: string;
  /** With `generate`, print numbers as `999 123 4567` rather than ten digits. */
  readonly display?: boolean;
}

/**
 * One line of `lhcr nhs-number --format json` output. `formatted` is present only when the
 * number is valid, `code` and `message` only when it is not.
 *
 * @example
 * ```ts
 * const valid: NhsNumberCheck = { input: '9434765919', valid: true, formatted: '943 476 5919', testRange: false };
 * const invalid: NhsNumberCheck = {
 *   input: '9434765918',
 *   valid: false,
 *   code: 'check-digit',
 *   message: 'NHS number fails the modulus 11 check: the last digit does not match the first nine',
 *   testRange: false,
 * };
 * ```
 */
export interface NhsNumberCheck {
  readonly input: string;
  readonly valid: boolean;
  readonly formatted?: string;
  readonly code?: string;
  readonly message?: string;
  readonly testRange: boolean;
}

/**
 * Checks one argument with `parseNhsNumber` from `@lhcr/models`.
 *
 * @example
 * ```ts
 * checkNhsNumber('943 476 5919'); // { input: '943 476 5919', valid: true, formatted: '943 476 5919', testRange: false }
 * ```
 */
export function checkNhsNumber(input: string): NhsNumberCheck {
  const result = parseNhsNumber(input);
  if (result.ok) {
    return {
      input,
      valid: true,
      formatted: formatNhsNumber(result.value),
      testRange: isTestRangeNhsNumber(result.value),
    };
  }
  return { input, valid: false, code: result.code, message: result.message, testRange: false };
}

/**
 * Parses the `--generate` count: a whole number from 1 to {@link MAX_GENERATE}, digits only.
 * Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseGenerateCount('25'); // 25
 * parseGenerateCount('0'); // undefined
 * parseGenerateCount('1e3'); // undefined
 * ```
 */
export function parseGenerateCount(text: string): number | undefined {
  if (!/^\d{1,6}$/.test(text)) return undefined;
  const count = Number(text);
  return count >= 1 && count <= MAX_GENERATE ? count : undefined;
}

/** Consecutive repeats after which the random source is taken to be broken. */
const MAX_REPEATS = 1_000;

/**
 * `count` distinct valid NHS numbers from the test range 999 000 0000 to 999 999 9999. About
 * 900,000 such numbers exist, so for any allowed count repeats are rare; a `random` that keeps
 * repeating itself (such as `() => 0`) makes this throw rather than loop forever.
 *
 * @throws {Error} after {@link MAX_REPEATS} consecutive repeated numbers.
 * @example
 * ```ts
 * generateDistinctTestNhsNumbers(3); // e.g. ['9990123457', '9995550125', '9998765436']
 * ```
 */
export function generateDistinctTestNhsNumbers(
  count: number,
  random: () => number = Math.random,
): NhsNumber[] {
  const numbers = new Set<NhsNumber>();
  let repeats = 0;
  while (numbers.size < count) {
    const size = numbers.size;
    numbers.add(generateTestNhsNumber(random));
    repeats = numbers.size === size ? repeats + 1 : 0;
    if (repeats >= MAX_REPEATS) {
      throw new Error(
        `random source repeated itself ${String(MAX_REPEATS)} times while generating test NHS numbers`,
      );
    }
  }
  return [...numbers];
}

function plural(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Shows what the user typed, but with control characters escaped so they cannot drive the terminal. */
function printable(input: string): string {
  if (input === '') return '""';
  return input.replace(
    CONTROL_CHARACTERS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The body of `lhcr nhs-number`: checks each of `numbers`, or with `--generate` prints test-range
 * numbers. Results go to stdout. Resolves to 0 when every number is valid (or numbers were
 * generated) and 1 when any is invalid; usage errors end the run with exit 2 through
 * `context.usageError`.
 *
 * @example
 * ```ts
 * // lhcr nhs-number 9434765919 9434765918
 * runNhsNumber(['9434765919', '9434765918'], { format: 'text' }, context); // 1
 * // ✓ 943 476 5919  valid
 * // ✗ 9434765918  invalid: NHS number fails the modulus 11 check: ...
 * ```
 */
export function runNhsNumber(
  numbers: readonly string[],
  options: NhsNumberOptions,
  context: CommandContext,
): ExitCode {
  const { io, colour, log } = context;

  if (options.generate !== undefined) {
    if (numbers.length > 0) {
      context.usageError('give NHS numbers to check or --generate <count>, not both');
    }
    const count = parseGenerateCount(options.generate);
    if (count === undefined) {
      context.usageError(
        `--generate expects a whole number from 1 to ${String(MAX_GENERATE)}; found ${JSON.stringify(options.generate)}`,
      );
    }
    const generated = generateDistinctTestNhsNumbers(count).map((nhsNumber) =>
      options.display === true ? formatNhsNumber(nhsNumber) : nhsNumber,
    );
    io.stdout(
      options.format === 'json'
        ? `${JSON.stringify(generated, null, 2)}\n`
        : generated.map((line) => `${line}\n`).join(''),
    );
    log('debug', `generated ${plural(count, 'test-range NHS number')}`);
    return EXIT.ok;
  }

  if (numbers.length === 0) {
    context.usageError('give one or more NHS numbers to check, or --generate <count>');
  }
  if (options.display === true) {
    log(
      'warn',
      '--display only applies with --generate; valid numbers are always shown as 999 123 4567',
    );
  }

  const checks = numbers.map(checkNhsNumber);
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
  } else {
    io.stdout(
      checks
        .map((check) =>
          check.valid
            ? `${colour.green('✓')} ${check.formatted ?? ''}  ${colour.green('valid')}\n`
            : `${colour.red('✗')} ${printable(check.input)}  ${colour.red('invalid')}: ${check.message ?? ''}\n`,
        )
        .join(''),
    );
  }
  const invalid = checks.filter((check) => !check.valid).length;
  log('debug', `checked ${plural(checks.length, 'NHS number')}: ${String(invalid)} invalid`);
  return invalid === 0 ? EXIT.ok : EXIT.failed;
}
