/**
 * Where an entry point puts how a package is obtained: required when first used on Node, bundled
 * in browsers. The modules that use the package read it the first time they need it.
 */
export interface LoaderSlot<L> {
  set(next: L): void;
  /** The loader; throws when no entry point has set it. */
  get(): L;
}

/** A slot for the loader of `what` (named in the error when it is read unset). */
export function loaderSlot<L>(what: string): LoaderSlot<L> {
  let loader: L | undefined;
  return {
    set(next) {
      loader = next;
    },
    get() {
      if (loader === undefined) {
        throw new Error(
          `The ${what} loader is not set: import @lhcr/validator through its entry point`,
        );
      }
      return loader;
    },
  };
}
