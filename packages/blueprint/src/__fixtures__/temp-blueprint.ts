import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The folder of a fixture blueprint (`demo-v1`, `demo-v2`). */
export function fixtureBlueprint(name: 'demo-v1' | 'demo-v2'): string {
  return resolve(import.meta.dirname, name);
}

/**
 * A copy of a fixture blueprint in a temporary folder, with `edits` applied to its files
 * (each edit replaces one exact string, which must be present), for tests of broken blueprints.
 */
export function editedBlueprint(
  name: 'demo-v1' | 'demo-v2',
  edits: Readonly<Record<string, readonly [string, string][]>> = {},
  writes: Readonly<Record<string, string>> = {},
): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lhcr-blueprint-'));
  cpSync(fixtureBlueprint(name), dir, { recursive: true });
  for (const [file, replacements] of Object.entries(edits)) {
    let text = readFileSync(join(dir, file), 'utf8');
    for (const [from, to] of replacements) {
      if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
      text = text.replace(from, to);
    }
    writeFileSync(join(dir, file), text);
  }
  for (const [file, text] of Object.entries(writes)) writeFileSync(join(dir, file), text);
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
