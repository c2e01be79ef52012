import type * as Deid from '@lhcr/deid';

/** The `@lhcr/deid` module, as imported when first needed. */
export type DeidModule = typeof Deid;

let loaded: Promise<DeidModule | undefined> | undefined;

/**
 * `@lhcr/deid`, or `undefined` when it cannot be loaded (not built, or broken). Loaded once,
 * when the first export needs it, so the rest of the server never depends on it: without it,
 * exports answer 501 rather than release identifiable data.
 */
export function loadDeid(): Promise<DeidModule | undefined> {
  loaded ??= import('@lhcr/deid').then(
    (module) => (typeof module.deidentifyResources === 'function' ? module : undefined),
    () => undefined,
  );
  return loaded;
}
