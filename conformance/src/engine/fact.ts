/**
 * Something one conformance test learns from the server and others build on: the capability
 * statement, a fixture patient's server id, the records a patient search returned. A test that
 * needs a fact runs after the test that provides it, and is not demonstrated (`skip`) when that
 * test could not provide it. This is how searches take their values from earlier responses
 * rather than from guesses.
 *
 * `T` is the type of the value; it exists only for the compiler.
 *
 * @example
 * ```ts
 * const capability: Fact<CapabilityStatement> = defineFact('capability', 'the server CapabilityStatement');
 * ```
 */
export interface Fact<T> {
  /** Unique within a suite. */
  readonly id: string;
  /** What it is, for the reason a test is not demonstrated ("… is missing"). */
  readonly description: string;
  /** Never set: carries `T`. */
  readonly type?: T;
}

/**
 * Declares a {@link Fact}.
 *
 * @example
 * ```ts
 * const baselinePatientId = defineFact<string>('baseline-patient-id', "the baseline fixture patient's server id");
 * ```
 */
export function defineFact<T>(id: string, description: string): Fact<T> {
  return { id, description };
}
