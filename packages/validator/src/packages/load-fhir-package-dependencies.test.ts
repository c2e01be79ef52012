import { describe, expect, it } from 'vitest';
import type { FhirPackage } from './fhir-package';
import type { FhirPackageSource } from './fhir-package-source';
import { loadFhirPackageDependencies } from './load-fhir-package-dependencies';

function pkg(id: string, version: string, dependencies: Record<string, string> = {}): FhirPackage {
  return {
    id,
    version,
    fhirVersions: ['4.0.1'],
    dependencies,
    resources: [],
    examples: [],
    warnings: [],
    source: `memory ${id}#${version}`,
  };
}

/** A source over packages in memory that counts loads. */
function memory(
  description: string,
  packages: FhirPackage[],
): FhirPackageSource & { loads: string[] } {
  const loads: string[] = [];
  return {
    description,
    loads,
    candidates: (id) =>
      Promise.resolve(
        packages
          .filter((p) => p.id.toLowerCase() === id.toLowerCase())
          .map((p) => ({
            id: p.id,
            version: p.version,
            location: `${description}/${p.id}#${p.version}`,
            load: () => {
              loads.push(`${p.id}#${p.version}`);
              return Promise.resolve(p);
            },
          })),
      ),
  };
}

const labels = (packages: readonly FhirPackage[]): string[] =>
  packages.map((p) => `${p.id}#${p.version}`);

describe('loadFhirPackageDependencies', () => {
  it('loads dependencies breadth-first, each once, choosing versions by pattern across sources', async () => {
    const first = memory('first', [
      pkg('b.pkg', '1.0.1', { 'd.pkg': '1.0.0' }),
      pkg('c.pkg', '2.0.0', { 'd.pkg': '1.0.0' }),
    ]);
    const second = memory('second', [
      pkg('b.pkg', '1.0.7'),
      pkg('d.pkg', '1.0.0'),
      pkg('d.pkg', '1.0.0-x'),
    ]);
    const root = pkg('a.pkg', '1.0.0', { 'b.pkg': '1.0.x', 'c.pkg': '2.0.0' });
    const set = await loadFhirPackageDependencies([root], [first, second]);
    expect(labels(set.packages)).toEqual([
      'a.pkg#1.0.0',
      'b.pkg#1.0.7',
      'c.pkg#2.0.0',
      'd.pkg#1.0.0',
    ]);
    expect(first.loads).toEqual(['c.pkg#2.0.0']);
    expect(second.loads).toEqual(['b.pkg#1.0.7', 'd.pkg#1.0.0']);
    expect(set).toMatchObject({ missing: [], cycles: [], warnings: [] });
  });

  it('prefers the first source when two hold the same version', async () => {
    const one = pkg('b.pkg', '1.0.0');
    const two = { ...pkg('b.pkg', '1.0.0'), source: 'the second copy' };
    const set = await loadFhirPackageDependencies(
      [pkg('a.pkg', '1', { 'b.pkg': '1.0.0' })],
      [memory('one', [one]), memory('two', [two])],
    );
    expect(set.packages[1]).toBe(one);
  });

  it('uses packages already loaded before looking in the sources', async () => {
    const source = memory('source', [pkg('b.pkg', '1.0.0')]);
    const b = pkg('b.pkg', '1.0.0');
    const set = await loadFhirPackageDependencies(
      [pkg('a.pkg', '1', { 'b.pkg': '1.0.0' }), b],
      [source],
    );
    expect(set.packages[1]).toBe(b);
    expect(source.loads).toEqual([]);
  });

  it('reports a missing dependency with every source searched and the versions found', async () => {
    const source = memory('cache', [pkg('b.pkg', '1.0.0')]);
    const set = await loadFhirPackageDependencies(
      [pkg('a.pkg', '1.0.0', { 'b.pkg': '2.x', 'z.pkg': '1.0.0' })],
      [source, memory('empty', [])],
    );
    expect(set.missing).toEqual([
      {
        id: 'b.pkg',
        version: '2.x',
        requiredBy: 'a.pkg#1.0.0',
        searched: ['cache', 'empty'],
        found: ['1.0.0'],
      },
      {
        id: 'z.pkg',
        version: '1.0.0',
        requiredBy: 'a.pkg#1.0.0',
        searched: ['cache', 'empty'],
        found: [],
      },
    ]);
    expect(set.warnings.map((w) => w.message)).toEqual([
      'a.pkg#1.0.0 depends on b.pkg#2.x, which is in no search location; expected a package folder b.pkg#2.x/package (or a matching version) in one of: cache; empty. Versions of b.pkg found: 1.0.0',
      'a.pkg#1.0.0 depends on z.pkg#1.0.0, which is in no search location; expected a package folder z.pkg#1.0.0/package (or a matching version) in one of: cache; empty. Versions of z.pkg found: none',
    ]);
    await expect(
      loadFhirPackageDependencies([pkg('a.pkg', '1.0.0', { 'z.pkg': '1.0.0' })], [source], {
        strict: true,
      }),
    ).rejects.toMatchObject({ code: 'missing-dependency', path: 'z.pkg#1.0.0' });
  });

  it('reports an unusable dependency reference without looking it up', async () => {
    const set = await loadFhirPackageDependencies(
      [pkg('a.pkg', '1.0.0', { '../evil': '1.0.0' })],
      [memory('m', [])],
    );
    expect(set.missing).toMatchObject([{ id: '../evil', searched: [] }]);
    expect(set.warnings[0]?.message).toContain('which is not a usable package reference');
  });

  it('finds cycles, loads each package once, and throws on them in strict mode', async () => {
    const source = memory('m', [
      pkg('b.pkg', '1.0.0', { 'c.pkg': '1.0.0' }),
      pkg('c.pkg', '1.0.0', { 'a.pkg': '1.0.0', 'c.pkg': '1.0.0' }),
    ]);
    const root = pkg('a.pkg', '1.0.0', { 'b.pkg': '1.0.0' });
    const set = await loadFhirPackageDependencies([root], [source]);
    expect(labels(set.packages)).toEqual(['a.pkg#1.0.0', 'b.pkg#1.0.0', 'c.pkg#1.0.0']);
    expect(set.cycles).toEqual([
      ['a.pkg#1.0.0', 'b.pkg#1.0.0', 'c.pkg#1.0.0', 'a.pkg#1.0.0'],
      ['c.pkg#1.0.0', 'c.pkg#1.0.0'],
    ]);
    expect(set.warnings.map((w) => w.code)).toEqual(['dependency-cycle', 'dependency-cycle']);
    await expect(
      loadFhirPackageDependencies([root], [source], { strict: true }),
    ).rejects.toMatchObject({
      code: 'dependency-cycle',
      message: expect.stringContaining(
        'a.pkg#1.0.0 -> b.pkg#1.0.0 -> c.pkg#1.0.0 -> a.pkg#1.0.0',
      ) as string,
    });
  });

  it('warns when two versions of one package are loaded', async () => {
    const source = memory('m', [pkg('c.pkg', '1.0.0'), pkg('c.pkg', '2.0.0')]);
    const set = await loadFhirPackageDependencies(
      [pkg('a.pkg', '1', { 'c.pkg': '1.0.0' }), pkg('b.pkg', '1', { 'c.pkg': '2.0.0' })],
      [source],
    );
    expect(labels(set.packages)).toEqual(['a.pkg#1', 'b.pkg#1', 'c.pkg#1.0.0', 'c.pkg#2.0.0']);
    expect(set.warnings).toMatchObject([
      {
        code: 'several-versions',
        message: expect.stringContaining('2 versions of c.pkg') as string,
      },
    ]);
  });

  it('knows a label folder by the version inside it', async () => {
    const inside = pkg('b.pkg', '2.0.0-cibuild');
    const source: FhirPackageSource = {
      description: 'labels',
      candidates: () =>
        Promise.resolve([
          {
            id: 'b.pkg',
            version: 'current',
            location: 'labels/b.pkg#current',
            load: () => Promise.resolve(inside),
          },
        ]),
    };
    const set = await loadFhirPackageDependencies(
      [pkg('a.pkg', '1', { 'b.pkg': 'current' }), pkg('c.pkg', '1', { 'b.pkg': 'current' })],
      [source],
    );
    expect(labels(set.packages)).toEqual(['a.pkg#1', 'c.pkg#1', 'b.pkg#2.0.0-cibuild']);
  });

  it('refuses a package whose manifest names another id than it was found as', async () => {
    const source: FhirPackageSource = {
      description: 'liar',
      candidates: () =>
        Promise.resolve([
          {
            id: 'b.pkg',
            version: '1.0.0',
            location: 'liar/b.pkg#1.0.0',
            load: () => Promise.resolve(pkg('x.pkg', '1.0.0')),
          },
        ]),
    };
    await expect(
      loadFhirPackageDependencies([pkg('a.pkg', '1', { 'b.pkg': '1.0.0' })], [source]),
    ).rejects.toMatchObject({
      code: 'bad-manifest',
      path: 'liar/b.pkg#1.0.0',
    });
  });

  it('collects every package warning into the set', async () => {
    const warned: FhirPackage = {
      ...pkg('a.pkg', '1'),
      warnings: [{ code: 'bad-resource', message: 'x', package: 'a.pkg#1', file: 'x.json' }],
    };
    const set = await loadFhirPackageDependencies([warned], []);
    expect(set.warnings).toEqual(warned.warnings);
  });
});
