/**
 * Everything `main` needs from the outside world, so that tests (and embedders) can run the CLI
 * in-process. `stdout` receives results and `stderr` receives logs, errors and usage; both are
 * given text exactly as it should appear, newlines included.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const io: CliIo = {
 *   stdout: (text) => out.push(text),
 *   stderr: (text) => process.stderr.write(text),
 *   env: { NO_COLOR: '1' },
 *   isTTY: false,
 * };
 * await main(['nhs-number', '9434765919'], io);
 * ```
 */
export interface CliIo {
  /** Writes results (text or JSON) to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes logs, errors and usage to standard error. */
  readonly stderr: (text: string) => void;
  /** The environment: `NO_COLOR`, `LHCR_*` fallbacks for flags. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether standard output is a terminal; colour is only used when it is. */
  readonly isTTY: boolean;
  /** Standard input, for commands that read `-`; defaults to the process's. */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  /** Whether standard error is a terminal (progress lines are redrawn in place when it is). */
  readonly stderrIsTTY?: boolean;
}

/** `isTTY` is undefined, not false, when the stream is a pipe or a file, whatever @types/node says. */
function isTerminal(stream: { readonly isTTY?: unknown }): boolean {
  return stream.isTTY === true;
}

/**
 * The {@link CliIo} of the current process, with any of its members replaced by `overrides`.
 *
 * @example
 * ```ts
 * const io = processIo({ env: {} }); // real stdout and stderr, empty environment
 * ```
 */
export function processIo(overrides: Partial<CliIo> = {}): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    env: process.env,
    isTTY: isTerminal(process.stdout),
    stdin: process.stdin,
    stderrIsTTY: isTerminal(process.stderr),
    ...overrides,
  };
}
