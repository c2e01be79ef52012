import { createRequire } from 'node:module';
import type { AjvLoader } from './ajv-package';

const require = createRequire(import.meta.url);

/** Loads ajv's compiler synchronously on Node, when a schema is first compiled. */
export const requireAjv: AjvLoader = {
  Ajv: () => (require('ajv') as { Ajv: ReturnType<AjvLoader['Ajv']> }).Ajv,
  standaloneCode: () =>
    (require('ajv/dist/standalone') as { default: ReturnType<AjvLoader['standaloneCode']> })
      .default,
};
