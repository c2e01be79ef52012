import type { IdentifierErrorCode, IdentifierFailure, IdentifierResult } from '../result';
import { IdentifierError } from '../result';

/** Wraps a parsed value. */
export function success<T>(value: T): IdentifierResult<T> {
  return { ok: true, value };
}

/** Builds a failure. `message` must not contain the input. */
export function failure(code: IdentifierErrorCode, message: string): IdentifierFailure {
  return { ok: false, code, message };
}

/** Returns the value of a successful result, or throws its failure as an `IdentifierError`. */
export function unwrap<T>(result: IdentifierResult<T>): T {
  if (result.ok) return result.value;
  throw new IdentifierError(result.code, result.message);
}

/** Names the runtime type of a value without revealing the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The failure for a non-string input from an untyped caller. */
export function notAString(what: string, value: unknown): IdentifierFailure {
  return failure('type', `${what} must be a string; found ${describeType(value)}`);
}
