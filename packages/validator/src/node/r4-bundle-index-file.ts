import type { R4BundleIndex } from './internal/r4-bundle-index';

/**
 * The index of the hl7.fhir.r4.core bundle files made when the package was built. Run from
 * source there is none, and bundles are read whole; the Node build replaces this module with one
 * that reads the index it wrote beside the bundle (see `tsup.config.ts`).
 */
export function r4BundleIndex(): R4BundleIndex | undefined {
  return undefined;
}
