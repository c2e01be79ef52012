import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Compiled schema code may require ajv's run-time helpers (deep equality, string length). */
const RUNTIME_MODULE = /^ajv\/dist\/runtime\/[a-z0-9]+$/;

/** Loads a module that compiled schema code requires: one of ajv's run-time helpers, nothing else. */
export function requireAjvRuntime(module: string): unknown {
  if (!RUNTIME_MODULE.test(module)) throw new Error(`Compiled schema code may not load ${module}`);
  return require(module) as unknown;
}

/** The version of ajv the code is compiled and run with. */
export function ajvVersion(): string {
  return (require('ajv/package.json') as { version: string }).version;
}
