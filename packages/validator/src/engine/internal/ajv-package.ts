import type { Ajv, Options } from 'ajv';
import type standaloneCode from 'ajv/dist/standalone/index.js';

/** How to obtain ajv's compiler: its class, and its writer of standalone code. */
export interface AjvLoader {
  readonly Ajv: () => typeof Ajv;
  readonly standaloneCode: () => typeof standaloneCode;
}

let loader: AjvLoader | undefined;
let ajvClass: typeof Ajv | undefined;
let writeStandalone: typeof standaloneCode | undefined;

/**
 * Sets how ajv's compiler is obtained. Each entry point sets it: on Node it is required when a
 * schema is first compiled, because with the schemas precompiled most processes compile none
 * (the code they run needs only ajv's small run-time helpers) and loading the compiler takes
 * some tens of milliseconds; in browsers it is bundled.
 */
export function setAjvLoader(next: AjvLoader): void {
  loader = next;
}

function currentLoader(): AjvLoader {
  if (loader === undefined) {
    throw new Error('The ajv loader is not set: import @lhcr/validator through its entry point');
  }
  return loader;
}

/** A new ajv instance; the compiler is loaded on the first call. */
export function createAjv(options: Options): Ajv {
  ajvClass ??= currentLoader().Ajv();
  return new ajvClass(options);
}

/** The standalone code of a schema `ajv` compiled (a module exporting its validate function). */
export function standaloneCodeOf(
  ajv: Ajv,
  refsOrFunction?: Parameters<typeof standaloneCode>[1],
): string {
  writeStandalone ??= currentLoader().standaloneCode();
  return writeStandalone(ajv, refsOrFunction);
}
