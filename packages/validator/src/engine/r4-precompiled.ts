import type { PrecompiledSchemas } from './precompiled-schemas';

/**
 * The R4 type schemas compiled when the package was built. Run from source there are none, and
 * each schema is compiled when first needed; the Node build replaces this module with one that
 * reads the code it wrote beside the bundle (see `tsup.config.ts`).
 */
export const R4_PRECOMPILED: PrecompiledSchemas | undefined = undefined;
