import type { ValidateFunction } from 'ajv';
import { KEYWORD_RUNTIME } from './keywords';
import type { KeywordRuntime } from './keywords';

/**
 * Schema code compiled ahead of time (ajv standalone code), by schema id: a validator uses it
 * instead of compiling the schema at run time, which is most of the cost of a cold start.
 */
export interface PrecompiledSchemas {
  /** The standalone code of one schema, or undefined when it was not precompiled. */
  code(id: string): string | undefined;
  /** Loads a module the code requires (ajv's run-time helpers). */
  require(module: string): unknown;
}

/** The module export under which each piece of precompiled code puts its validate function. */
export const PRECOMPILED_EXPORT = 'validate';

/**
 * Turns one schema's precompiled code into its validate function, with the keyword checks of
 * `runtime`. The code is the package's own, written when it was built, so evaluating it is as
 * safe as running the package.
 */
export function instantiatePrecompiled(
  code: string,
  runtime: KeywordRuntime,
  requireModule: (module: string) => unknown,
): ValidateFunction {
  const exports: Record<string, unknown> = {};
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- ajv's standalone code, built with the package
  const load = new Function(KEYWORD_RUNTIME, 'require', 'exports', code) as (
    runtime: KeywordRuntime,
    requireModule: (module: string) => unknown,
    exports: Record<string, unknown>,
  ) => void;
  load(runtime, requireModule, exports);
  const validate = exports[PRECOMPILED_EXPORT];
  if (typeof validate !== 'function')
    throw new Error('Precompiled schema code exports no validator');
  return validate as ValidateFunction;
}
