import { compileInvariant, invariantKey, precompileInvariant } from '../fhirpath/compile-invariant';
import type { PrecompiledInvariants } from '../fhirpath/compile-invariant';
import { createFhirPathModel } from '../fhirpath/fhirpath-model';
import type { FhirPathModel } from '../fhirpath/fhirpath-model';
import { R4_INVARIANTS } from '../generated/r4-invariants';
import { R4_MODEL } from '../generated/r4-model';
import type { CompactModel } from '../model/r4-model-types';
import type { CompiledCodeCache } from './compiled-code-cache';
import type { InvariantCompiler } from './engine';

/**
 * The invariant compiler the validator runs on: FHIRPath compiled to JavaScript (exactly as the
 * `fhirpath` package evaluates it, which it falls back to for the few expressions it cannot
 * compile), against the FHIR model of `model`. R4's own invariants ship compiled; others (those
 * of profiles) are compiled on first use, and kept in `cache` when one is given, so a later
 * process neither parses nor compiles them (nor loads the `fhirpath` package for them).
 *
 * @example
 * const compile = invariantCompiler(R4_MODEL);
 * const check = compile('start.hasValue().not() or end.hasValue().not() or (start <= end)', 'Period');
 */
export function invariantCompiler(
  model: CompactModel,
  cache?: CompiledCodeCache,
): InvariantCompiler {
  let fhirPathModel: FhirPathModel | undefined;
  const shipped = model === R4_MODEL ? R4_INVARIANTS : undefined;
  return (expression, contextType) => {
    fhirPathModel ??= createFhirPathModel(model);
    const key = invariantKey(contextType, expression);
    const ahead =
      cache === undefined || shipped?.[key] !== undefined
        ? shipped
        : keptInvariant(cache, key, expression, contextType, fhirPathModel);
    let invariant;
    try {
      invariant = compileInvariant(expression, contextType, fhirPathModel, ahead);
    } catch (error) {
      if (ahead === shipped || cache === undefined) throw error;
      // Kept code that cannot be run (a damaged cache file): compile afresh and replace it.
      invariant = compileInvariant(expression, contextType, fhirPathModel, shipped);
      if (invariant.source !== undefined) {
        const entry = precompileInvariant(expression, contextType, fhirPathModel);
        if (entry !== undefined) cache.set(invariantCacheKey(key), JSON.stringify(entry));
      }
    }
    return (node, env) => invariant.evaluate(node, env);
  };
}

/** The compiled invariant from the cache, or compiled now and kept; undefined to compile as usual. */
function keptInvariant(
  cache: CompiledCodeCache,
  key: string,
  expression: string,
  contextType: string,
  model: FhirPathModel,
): PrecompiledInvariants | undefined {
  const cacheKey = invariantCacheKey(key);
  const kept = cache.code(cacheKey);
  if (kept !== undefined) {
    const entry = parseEntry(kept);
    if (entry !== undefined) return { [key]: entry };
  }
  let entry: readonly [string, string] | undefined;
  try {
    entry = precompileInvariant(expression, contextType, model);
  } catch {
    // compileInvariant raises the same error where the invariant is used.
    return undefined;
  }
  if (entry === undefined) return undefined;
  cache.set(cacheKey, JSON.stringify(entry));
  return { [key]: entry };
}

function invariantCacheKey(key: string): string {
  return `invariant\u0000${key}`;
}

function parseEntry(text: string): readonly [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
      ? [value[0], value[1]]
      : undefined;
  } catch {
    return undefined;
  }
}
