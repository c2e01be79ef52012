import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledCodeCache } from '../engine/compiled-code-cache';
import { ajvVersion, requireAjvRuntime } from './internal/require-ajv-runtime';

/** Set by the build to a hash of the package's sources (see `tsup.config.ts`). */
declare const __LHCR_VALIDATOR_BUILD__: string | undefined;

/**
 * The code that compiles and runs the kept code: the build's hash of the sources, and ajv's
 * version. Part of the folder name, so code kept by another build is never run.
 */
function codeVersion(): string {
  const build = typeof __LHCR_VALIDATOR_BUILD__ === 'string' ? __LHCR_VALIDATOR_BUILD__ : 'source';
  return `${build}-ajv-${ajvVersion()}`;
}

/**
 * A cache of compiled code in `folder` (lhcr's cache folder): one file per compiled profile
 * schema or invariant, named by the hash of its key, under a folder named for the build of this
 * package and the ajv version. A cache that cannot be read or written is not an error: schemas
 * are then compiled as usual. The files are code this package runs, so the folder must be
 * writable only by its user, as for any cache of compiled code.
 *
 * @example
 * ```ts
 * const validator = createValidator({ definitions, compiledCode: compiledCodeCache(defaultCacheFolder()) });
 * ```
 */
export function compiledCodeCache(folder: string): CompiledCodeCache {
  const dir = join(folder, 'compiled', codeVersion());
  const file = (key: string): string =>
    join(dir, `${createHash('sha256').update(key).digest('hex')}.js`);
  return {
    code(key) {
      try {
        return readFileSync(file(key), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(key, code) {
      const target = file(key);
      const temporary = `${target}.${String(process.pid)}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, code, { mode: 0o600 });
        renameSync(temporary, target);
      } catch {
        // Not writable: the schema is compiled again next time.
      }
    },
    require: requireAjvRuntime,
  };
}
