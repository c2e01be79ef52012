import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleLookup } from '../lazy-bundle';
import { parseWholeBundle } from '../lazy-bundle';
import { r4CoreDefinitionsFolder } from '../r4-core-package';
import { indexR4Bundles, openIndexedBundle } from './r4-bundle-index';

const folder = r4CoreDefinitionsFolder();
const scratch = mkdtempSync(join(tmpdir(), 'lhcr-bundle-index-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const unused = (): BundleLookup => {
  throw new Error('the whole file was read');
};

describe('the R4 bundle index', () => {
  it.each(['valuesets.min.json', 'v3-codesystems.min.json', 'extension-definitions.min.json'])(
    'finds every resource of %s where parsing the file whole does, reading only its bytes',
    (file) => {
      const index = indexR4Bundles(folder, [file]);
      const indexed = openIndexedBundle(join(folder, file), index[file], unused);
      expect(indexed).toBeDefined();
      const whole = parseWholeBundle(readFileSync(join(folder, file))) as Map<string, unknown>;
      expect(Object.keys(index[file]?.spans ?? {})).toHaveLength(whole.size);
      const differing = [...whole].filter(
        ([key, resource]) => JSON.stringify(indexed?.get(key)) !== JSON.stringify(resource),
      );
      expect(differing.map(([key]) => key)).toEqual([]);
      expect(indexed?.get('ValueSet|http://example.org/absent')).toBeUndefined();
    },
  );

  it('is not used for a file of another size (another version installed)', () => {
    const file = 'extension-definitions.min.json';
    const index = indexR4Bundles(folder, [file]);
    const copy = join(scratch, file);
    writeFileSync(copy, `${readFileSync(join(folder, file), 'utf8')}\n`);
    expect(openIndexedBundle(copy, index[file], unused)).toBeUndefined();
    expect(openIndexedBundle(copy, undefined, unused)).toBeUndefined();
  });

  it('reads the whole file when a resource is not where the index says', () => {
    const file = 'extension-definitions.min.json';
    const index = indexR4Bundles(folder, [file]);
    const copy = join(scratch, `moved-${file}`);
    copyFileSync(join(folder, file), copy);
    const entry = index[file];
    if (entry === undefined) throw new Error('not indexed');
    const [key, span] = Object.entries(entry.spans)[0] ?? [];
    if (key === undefined || span === undefined) throw new Error('no resources');
    const moved = {
      size: entry.size,
      spans: { ...entry.spans, [key]: [span[0] + 1, span[1]] as const },
    };
    let wholeReads = 0;
    const indexed = openIndexedBundle(copy, moved, () => {
      wholeReads++;
      return parseWholeBundle(readFileSync(copy));
    });
    expect(indexed?.get(key)).toMatchObject({ resourceType: 'StructureDefinition' });
    expect(wholeReads).toBe(1);
  });
});
