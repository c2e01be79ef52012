import { readFileSync, writeFileSync } from 'node:fs';
import type { PrecompiledSchemas } from '../../engine/precompiled-schemas';
import { readRange } from './read-range';
import { requireAjvRuntime } from './require-ajv-runtime';

/** Where each schema's code lies in the code file: byte offset and length, by schema id. */
type CodeIndex = Record<string, readonly [number, number]>;

/**
 * Writes precompiled schema code as two files: the code of every schema one after another, and
 * a JSON index of where each lies, so that a process reads only the code of the types it meets.
 */
export function writePrecompiledSchemaFiles(
  code: ReadonlyMap<string, string>,
  codeFile: string,
  indexFile: string,
): void {
  const index: CodeIndex = {};
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [id, text] of code) {
    const bytes = Buffer.from(text, 'utf8');
    index[id] = [offset, bytes.length];
    parts.push(bytes);
    offset += bytes.length;
  }
  writeFileSync(codeFile, Buffer.concat(parts));
  writeFileSync(indexFile, JSON.stringify(index));
}

/**
 * Precompiled schemas from the files `writePrecompiledSchemaFiles` wrote. The index is read when
 * code is first asked for, and each schema's code when it is asked for. Missing files mean
 * nothing is precompiled: schemas are then compiled at run time, with the same results.
 */
export function readPrecompiledSchemaFiles(
  codeFile: string | URL,
  indexFile: string | URL,
): PrecompiledSchemas {
  let index: CodeIndex | undefined;
  return {
    code(id) {
      index ??= readIndex(indexFile);
      const where = Object.hasOwn(index, id) ? index[id] : undefined;
      if (where === undefined) return undefined;
      const [offset, length] = where;
      return readRange(codeFile, offset, length)?.toString('utf8');
    },
    require: requireAjvRuntime,
  };
}

function readIndex(file: string | URL): CodeIndex {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CodeIndex;
  } catch {
    return {};
  }
}
