/**
 * ANSI styling for terminal output, or the identity when colour is off.
 *
 * @example
 * ```ts
 * const colour: Colour = createColour(true);
 * colour.green('valid'); // '\u001b[32mvalid\u001b[39m'
 * ```
 */
export interface Colour {
  readonly enabled: boolean;
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

/**
 * Whether to colour output: only on a terminal, and never when `NO_COLOR` is set to a non-empty
 * value (https://no-color.org).
 *
 * @example
 * ```ts
 * colourEnabled({ NO_COLOR: '1' }, true); // false
 * colourEnabled({}, false); // false: not a terminal
 * ```
 */
export function colourEnabled(
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  const noColor = env['NO_COLOR'];
  return isTTY && (noColor === undefined || noColor === '');
}

function style(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled
    ? (text) => `\u001b[${String(open)}m${text}\u001b[${String(close)}m`
    : (text) => text;
}

/**
 * A {@link Colour} that styles text when `enabled` and leaves it alone otherwise.
 *
 * @example
 * ```ts
 * createColour(false).red('invalid'); // 'invalid'
 * ```
 */
export function createColour(enabled: boolean): Colour {
  return {
    enabled,
    green: style(enabled, 32, 39),
    red: style(enabled, 31, 39),
    yellow: style(enabled, 33, 39),
    dim: style(enabled, 2, 22),
    bold: style(enabled, 1, 22),
  };
}
