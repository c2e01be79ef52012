/**
 * Every reason the FHIRPath invariant compiler or an evaluation can give for failing.
 *
 * The list is closed: adding, removing or renaming a code is a breaking change.
 *
 * @example
 * ```ts
 * FHIRPATH_ERROR_CODES.includes('evaluation'); // true
 * ```
 */
export const FHIRPATH_ERROR_CODES = ['syntax', 'context', 'evaluation', 'environment'] as const;

/**
 * Why an invariant could not be compiled or evaluated:
 *
 * - `syntax`: the expression is not valid FHIRPath (the `fhirpath` package's parser rejects it);
 * - `context`: the context type is not a type, backbone element or element path of the model;
 * - `evaluation`: FHIRPath signals an error for this node (a collection with several items where
 *   one is expected, a comparison of values of different types, an invalid regular expression,
 *   an undefined `%variable`). The `fhirpath` package raises the same error on the same node;
 *   report it as an invariant that could not be evaluated, as the HL7 validator does;
 * - `environment`: the expression needs a callback the {@link InvariantEnv} does not provide
 *   (`htmlChecks()` without `env.htmlChecks`).
 *
 * @example
 * ```ts
 * const code: FhirPathErrorCode = 'evaluation';
 * ```
 */
export type FhirPathErrorCode = (typeof FHIRPATH_ERROR_CODES)[number];

/**
 * Thrown by {@link compileInvariant} (codes `syntax` and `context`) and by
 * {@link CompiledInvariant.evaluate} (codes `evaluation` and `environment`). The message names the
 * expression and what was expected; it never contains resource content.
 *
 * @example
 * ```ts
 * try {
 *   invariant.evaluate(node, env);
 * } catch (error) {
 *   if (isFhirPathError(error) && error.code === 'evaluation') report(error.message);
 *   else throw error;
 * }
 * ```
 */
export class FhirPathError extends Error {
  override readonly name = 'FhirPathError';
  /** Why compiling or evaluating failed; see {@link FhirPathErrorCode}. */
  readonly code: FhirPathErrorCode;
  /** The FHIRPath expression concerned. */
  readonly expression: string;

  constructor(code: FhirPathErrorCode, expression: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.expression = expression;
  }
}

/**
 * Whether `value` is a {@link FhirPathError}. Unlike `instanceof`, this also recognises errors
 * thrown by another copy of this module (the ESM and CJS builds loaded side by side).
 *
 * @example
 * ```ts
 * if (isFhirPathError(error)) console.error(`${error.code}: ${error.message}`);
 * ```
 */
export function isFhirPathError(value: unknown): value is FhirPathError {
  if (value instanceof FhirPathError) return true;
  if (!(value instanceof Error) || value.name !== 'FhirPathError' || !('code' in value)) {
    return false;
  }
  const code: unknown = value.code;
  return (FHIRPATH_ERROR_CODES as readonly unknown[]).includes(code);
}
