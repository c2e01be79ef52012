import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
/** The folders that must bundle for the browser: no Node built-ins, no Node-only libraries. */
const NEUTRAL = ['packages', 'terminology/remote'];

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('platform-neutral modules', () => {
  it.each(NEUTRAL)(
    'src/%s imports no Node built-in, no tar and nothing from src/node',
    (folder) => {
      const offenders: string[] = [];
      for (const file of sources(join(SRC, folder))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
          const specifier = match[1] ?? '';
          const nodeOnly =
            specifier.startsWith('node:') ||
            ['fs', 'path', 'os', 'zlib', 'stream', 'http', 'tar', 'module', 'url'].includes(
              specifier,
            ) ||
            /(^|\/)node(\/|$)/.test(specifier);
          if (nodeOnly) offenders.push(`${relative(SRC, file)}: ${specifier}`);
        }
        if (/\bprocess\.|\bBuffer\b|__filename|__dirname/.test(text)) {
          offenders.push(`${relative(SRC, file)}: uses a Node global`);
        }
      }
      expect(offenders).toEqual([]);
    },
  );
});
