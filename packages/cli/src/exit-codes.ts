/**
 * The exit codes of the `lhcr` command. The set is closed: a run never exits with a count, and
 * adding or renumbering a code is a breaking change.
 *
 * - `ok` (0): everything passed, or help or the version was printed;
 * - `failed` (1): the run worked and found failures (an invalid NHS number, a MUST failure);
 * - `usage` (2): the command line or configuration is wrong; usage is printed to stderr;
 * - `internal` (3): a bug in lhcr; a "please report it" note is printed to stderr.
 *
 * @example
 * ```ts
 * const code = await main(['nhs-number', '943 476 5919']);
 * if (code === EXIT.failed) console.error('some NHS numbers are invalid');
 * ```
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  internal: 3,
} as const;

/**
 * One of the {@link EXIT} codes: `0 | 1 | 2 | 3`.
 *
 * @example
 * ```ts
 * const code: ExitCode = EXIT.usage; // 2
 * ```
 */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
