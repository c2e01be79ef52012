/**
 * Thrown by `context.skip()` and `context.omit()` to end a test early with that outcome. Not an
 * error: the runner catches it.
 */
export class OutcomeSignal extends Error {
  override readonly name = 'OutcomeSignal';

  constructor(
    readonly outcome: 'skip' | 'omit',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Whether a thrown value is an {@link OutcomeSignal}. */
export function isOutcomeSignal(value: unknown): value is OutcomeSignal {
  return value instanceof OutcomeSignal;
}
