import type { PrecompiledSchemas } from './precompiled-schemas';

/**
 * Code the validator compiled, kept between processes: the standalone code of profile schemas
 * and the JavaScript of profile invariants. A later process validating against the same
 * profiles runs it instead of compiling again. Keyed by what was compiled (a schema's JSON text,
 * an invariant's context and expression), so code is only reused for the very same input. On
 * Node, `loadDefinitions` gives one kept in lhcr's cache folder (see `compiledCodeCache`).
 */
export interface CompiledCodeCache extends PrecompiledSchemas {
  /** Keeps the code compiled from `key`; `code(key)` finds it again. */
  set(key: string, code: string): void;
}
