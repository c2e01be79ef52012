import type { Ajv, Options } from 'ajv';
import type standaloneCode from 'ajv/dist/standalone/index.js';
import { loaderSlot } from '../../internal/loader-slot';

/** How to obtain ajv's compiler: its class, and its writer of standalone code. */
export interface AjvLoader {
  readonly Ajv: () => typeof Ajv;
  readonly standaloneCode: () => typeof standaloneCode;
}

const slot = loaderSlot<AjvLoader>('ajv');
let ajvClass: typeof Ajv | undefined;
let writeStandalone: typeof standaloneCode | undefined;

/**
 * Sets how ajv's compiler is obtained. Each entry point sets it: on Node it is required when a
 * schema is first compiled, because with the schemas precompiled most processes compile none
 * (the code they run needs only ajv's small run-time helpers) and loading the compiler takes
 * some tens of milliseconds; in browsers it is bundled.
 */
export function setAjvLoader(next: AjvLoader): void {
  slot.set(next);
}

/** A new ajv instance; the compiler is loaded on the first call. */
export function createAjv(options: Options): Ajv {
  ajvClass ??= slot.get().Ajv();
  return new ajvClass(options);
}

/** The standalone code of a schema `ajv` compiled (a module exporting its validate function). */
export function standaloneCodeOf(
  ajv: Ajv,
  refsOrFunction?: Parameters<typeof standaloneCode>[1],
): string {
  writeStandalone ??= slot.get().standaloneCode();
  return writeStandalone(ajv, refsOrFunction);
}
