import { describe, expect, it } from 'vitest';
import { parseCanonical } from './canonical-reference';
import { CanonicalRegistry, createCanonicalRegistry } from './canonical-registry';
import type { FhirPackage, LoadedResource } from './fhir-package';

const URL = 'https://example.org/StructureDefinition/thing';

function resource(resourceType: string, url: string, version?: string, id = 'r'): LoadedResource {
  return {
    resourceType,
    id,
    url,
    ...(version === undefined ? {} : { version }),
    fileName: `${resourceType}-${id}.json`,
    resource: { resourceType, id, url, ...(version === undefined ? {} : { version }) },
  };
}

function pkg(id: string, version: string, resources: LoadedResource[]): FhirPackage {
  return {
    id,
    version,
    fhirVersions: ['4.0.1'],
    dependencies: {},
    resources,
    examples: [],
    warnings: [],
    source: 'memory',
  };
}

describe('parseCanonical', () => {
  it('splits at the first bar', () => {
    expect(parseCanonical(`${URL}|1.0.0`)).toEqual({ url: URL, version: '1.0.0' });
    expect(parseCanonical(URL)).toEqual({ url: URL });
    expect(parseCanonical(`${URL}|`)).toEqual({ url: URL });
  });
});

describe('CanonicalRegistry', () => {
  const versions = ['1.0.0', '2.6.0', '2.6.1', '2.6.10', '3.0.0-ballot', 'current'];
  const registry = createCanonicalRegistry([
    pkg(
      'example.a',
      '1.0.0',
      versions.map((v, i) => resource('StructureDefinition', URL, v, `t${i}`)),
    ),
  ]);

  it('resolves url|version exactly', () => {
    expect(registry.resolve(`${URL}|2.6.0`)?.version).toBe('2.6.0');
    expect(registry.resolve(`${URL}|current`)?.version).toBe('current');
    expect(registry.resolve(`${URL}|9.9.9`)).toBeUndefined();
  });

  it('resolves url|major.minor to the latest patch', () => {
    expect(registry.resolve(`${URL}|2.6`)?.version).toBe('2.6.10');
    expect(registry.resolve(`${URL}|2.7`)).toBeUndefined();
    expect(registry.resolve(`${URL}|2`)).toBeUndefined();
  });

  it('resolves a url alone to the latest release, before pre-releases and labels', () => {
    expect(registry.resolve(URL)?.version).toBe('2.6.10');
    expect(registry.versions(URL).map((r) => r.version)).toEqual([
      '2.6.10',
      '2.6.1',
      '2.6.0',
      '1.0.0',
      '3.0.0-ballot',
      'current',
    ]);
  });

  it('prefers a versioned resource to one without a version', () => {
    const r = createCanonicalRegistry([
      pkg('p.one', '1.0.0', [resource('ValueSet', URL, undefined, 'a')]),
      pkg('p.two', '1.0.0', [resource('ValueSet', URL, '0.1.0', 'b')]),
    ]);
    expect(r.resolve(URL)?.id).toBe('b');
  });

  it('filters by resource type', () => {
    const r = createCanonicalRegistry([
      pkg('p.one', '1.0.0', [
        resource('CodeSystem', URL, '1.0.0', 'cs'),
        resource('ValueSet', URL, '1.0.0', 'vs'),
      ]),
    ]);
    expect(r.resolve(URL, 'ValueSet')?.id).toBe('vs');
    expect(r.resolve(URL, 'CodeSystem')?.id).toBe('cs');
    expect(r.resolve(URL, 'StructureDefinition')).toBeUndefined();
    expect(r.resolve(URL)?.id).toBe('cs');
    expect(r.warnings).toEqual([]);
  });

  it('breaks ties by package order and reports the conflict', () => {
    const first = pkg('p.first', '1.0.0', [resource('ValueSet', URL, '1.0.0', 'first')]);
    const second = pkg('p.second', '2.0.0', [resource('ValueSet', URL, '1.0.0', 'second')]);
    const r = new CanonicalRegistry();
    expect(r.addPackage(first)).toEqual([]);
    const conflicts = r.addPackage(second);
    expect(conflicts).toEqual([
      {
        code: 'canonical-conflict',
        message: `ValueSet ${URL}|1.0.0 is defined in both p.first#1.0.0 (ValueSet-first.json) and p.second#2.0.0 (ValueSet-second.json); references resolve to the first, loaded earlier`,
        package: 'p.second#2.0.0',
        file: 'ValueSet-second.json',
      },
    ]);
    expect(r.warnings).toEqual(conflicts);
    expect(r.resolve(URL)).toMatchObject({
      id: 'first',
      packageId: 'p.first',
      packageVersion: '1.0.0',
    });
    expect(r.resolve(`${URL}|1.0`)?.id).toBe('first');
    const reversed = createCanonicalRegistry([second, first]);
    expect(reversed.resolve(URL)?.id).toBe('second');
  });

  it('adds a package once, ignores resources without a url, and lists by type', () => {
    const p = pkg('p.one', '1.0.0', [
      resource('ValueSet', URL, '1.0.0', 'a'),
      {
        resourceType: 'Patient',
        id: 'x',
        fileName: 'Patient-x.json',
        resource: { resourceType: 'Patient' },
      },
    ]);
    const r = createCanonicalRegistry([p, p]);
    expect(r.size).toBe(1);
    expect(r.packages).toEqual(['p.one#1.0.0']);
    expect(r.list('ValueSet').map((x) => x.id)).toEqual(['a']);
    expect(r.list('Patient')).toEqual([]);
    expect(r.resourceTypes()).toEqual(['ValueSet']);
    expect(r.warnings).toEqual([]);
  });

  it('takes single resources from outside packages', () => {
    const r = new CanonicalRegistry();
    r.addResource(resource('CodeSystem', URL, '1'), { id: 'local', version: '0' });
    expect(r.resolve(URL)).toMatchObject({ packageId: 'local', packageVersion: '0' });
    expect(r.resolve('https://example.org/unknown')).toBeUndefined();
  });
});
