import type { ValidateFunction } from 'ajv';

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
 * Turns one schema's precompiled code into its validate function. `scope` gives the code the
 * keyword runtimes it names (`fhirKeywords`, `fhirProfileKeywords`). The code is ajv's, written
 * by this package when it was built or into its own cache folder, so running it is as safe as
 * running the package.
 */
export function instantiatePrecompiled(
  code: string,
  scope: Readonly<Record<string, unknown>>,
  requireModule: (module: string) => unknown,
): ValidateFunction {
  const module: { exports: unknown } = { exports: {} };
  const names = Object.keys(scope);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- ajv's standalone code, written by this package
  const load = new Function(...names, 'require', 'module', 'exports', code) as (
    ...args: unknown[]
  ) => void;
  load(...names.map((name) => scope[name]), requireModule, module, module.exports);
  // A schema's code exports its function as the module, or as `validate` among others.
  const validate =
    typeof module.exports === 'function'
      ? module.exports
      : (module.exports as Record<string, unknown>)[PRECOMPILED_EXPORT];
  if (typeof validate !== 'function')
    throw new Error('Precompiled schema code exports no validator');
  return validate as ValidateFunction;
}
