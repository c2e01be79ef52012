import type { Options } from 'tsup';

/**
 * The one build shape for every published package: dual ESM + CJS with type declarations,
 * source maps, Node 20 syntax. A package's `tsup.config.ts` only names its entries.
 */
export function lhcrPackage(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
    ...overrides,
  };
}
