import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ukCoreDefinitions, ukCoreExamples } from '../__fixtures__/uk-core';
import type { CompiledCodeCache } from '../engine/compiled-code-cache';
import { createValidator } from '../index';
import { compiledCodeCache } from './compiled-code-cache';

const folders: string[] = [];
const newFolder = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'lhcr-compiled-'));
  folders.push(folder);
  return folder;
};
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A cache that counts what it is asked and told. */
function counted(
  cache: CompiledCodeCache,
): CompiledCodeCache & { hits: number; sets: number; keys: string[] } {
  const counts = { hits: 0, sets: 0, keys: [] as string[] };
  return Object.assign(counts, {
    code(key: string) {
      const code = cache.code(key);
      if (code !== undefined) counts.hits++;
      return code;
    },
    set(key: string, code: string) {
      counts.sets++;
      counts.keys.push(key);
      cache.set(key, code);
    },
    require: (module: string) => cache.require(module),
  });
}

/** Every UK Core example validated against its own profile; the issues of each. */
function validateExamples(
  compiledCode?: CompiledCodeCache,
  order: 'forward' | 'reverse' = 'forward',
): string[] {
  const validator = createValidator({
    definitions: ukCoreDefinitions(),
    reportUnverifiedCodes: false,
    ...(compiledCode === undefined ? {} : { compiledCode }),
  });
  const examples = ukCoreExamples();
  if (order === 'reverse') examples.reverse();
  return examples.map((e) =>
    JSON.stringify(
      validator.validate(e.resource, {
        profiles: e.definitionUrl === undefined || e.isExtensionExample ? [] : [e.definitionUrl],
      }).issues,
    ),
  );
}

// Each case validates every UK Core example two or three times: seconds on a busy machine.
describe('compiledCodeCache', { timeout: 60_000 }, () => {
  it('keeps compiled profile schemas, and a later validator runs them with the same results', () => {
    const folder = newFolder();
    const expected = validateExamples();
    const first = counted(compiledCodeCache(folder));
    expect(validateExamples(first)).toEqual(expected);
    expect(first.sets).toBeGreaterThan(50);
    // Profile schemas and the profiles' invariants (ukcore-imm-001 and the like) alike.
    expect(first.keys.filter((k) => k.startsWith('invariant\u0000')).length).toBeGreaterThan(5);
    expect(first.keys.filter((k) => k.startsWith('{')).length).toBeGreaterThan(50);
    const second = counted(compiledCodeCache(folder));
    expect(validateExamples(second)).toEqual(expected);
    expect(second.sets).toBe(0);
    expect(second.hits).toBe(first.sets + first.hits);
  });

  it('finds kept code whatever order the profiles are first used in', () => {
    const folder = newFolder();
    const first = counted(compiledCodeCache(folder));
    const expected = validateExamples(first).reverse();
    const reversed = counted(compiledCodeCache(folder));
    expect(validateExamples(reversed, 'reverse')).toEqual(expected);
    expect(reversed.sets).toBe(0);
    expect(reversed.hits).toBe(first.sets + first.hits);
  });

  it('compiles again and replaces code that cannot be run', () => {
    const folder = newFolder();
    const expected = validateExamples(compiledCodeCache(folder));
    const [dir] = readdirSync(join(folder, 'compiled'));
    const files = readdirSync(join(folder, 'compiled', dir ?? ''));
    for (const file of files)
      writeFileSync(join(folder, 'compiled', dir ?? '', file), 'this is (not code');
    const damaged = counted(compiledCodeCache(folder));
    expect(validateExamples(damaged)).toEqual(expected);
    expect(damaged.sets).toBe(files.length);
    expect(counted(compiledCodeCache(folder)).hits).toBe(0);
  });

  it('compiles again and replaces a kept invariant whose code cannot be run', () => {
    const entries = new Map<string, string>();
    const memory: CompiledCodeCache = {
      code: (key) => entries.get(key),
      set: (key, code) => entries.set(key, code),
      require: (module) => compiledCodeCache(newFolder()).require(module),
    };
    const expected = validateExamples(memory);
    const invariants = [...entries.keys()].filter((k) => k.startsWith('invariant\u0000'));
    expect(invariants.length).toBeGreaterThan(5);
    for (const key of invariants) entries.set(key, JSON.stringify(['this is (not code', '[]']));
    expect(validateExamples(memory)).toEqual(expected);
    for (const key of invariants) expect(entries.get(key)).not.toContain('this is (not code');
  });

  it('finds code only for the very same schema text, and keeps it per ajv version', () => {
    const folder = newFolder();
    const cache = compiledCodeCache(folder);
    cache.set('{"a":1}', 'code one');
    expect(cache.code('{"a":1}')).toBe('code one');
    expect(cache.code('{"a":2}')).toBeUndefined();
    expect(readdirSync(join(folder, 'compiled'))).toEqual([
      expect.stringMatching(/^source-ajv-\d+\.\d+\.\d+$/) as string,
    ]);
  });

  it('is not an error when the folder cannot be written', () => {
    const folder = newFolder();
    const file = join(folder, 'a-file');
    writeFileSync(file, '');
    const cache = compiledCodeCache(file);
    expect(() => {
      cache.set('{}', 'code');
    }).not.toThrow();
    expect(cache.code('{}')).toBeUndefined();
  });

  it('lets compiled code load only ajv run-time helpers', () => {
    const cache = compiledCodeCache(newFolder());
    expect(typeof cache.require('ajv/dist/runtime/ucs2length')).toBe('object');
    expect(() => cache.require('node:fs')).toThrow(/may not load node:fs/);
  });
});
