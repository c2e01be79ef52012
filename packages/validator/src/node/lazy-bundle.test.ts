import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LazyBundle, openBundle, parseWholeBundle } from './lazy-bundle';
import { r4CoreDefinitionsFolder } from './r4-core-package';

function bundleBytes(resources: readonly Record<string, unknown>[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: resources.map((resource) => ({ fullUrl: `urn:x:${String(resource.id)}`, resource })),
    }),
  );
}

describe('LazyBundle', () => {
  it.each([
    'extension-definitions.min.json',
    'profiles-types.min.json',
    'profiles-resources.min.json',
    'profiles-others.min.json',
    'valuesets.min.json',
    'v3-codesystems.min.json',
    'v2-tables.min.json',
  ])('finds every resource of R4 core %s as parsing it whole does', (file) => {
    const bytes = readFileSync(join(r4CoreDefinitionsFolder(), file));
    const lazy = LazyBundle.open(bytes);
    expect(lazy).toBeDefined();
    const whole = parseWholeBundle(bytes) as Map<string, Record<string, unknown>>;
    expect(whole.size).toBeGreaterThan(10);
    const differing = [...whole].filter(([key, resource]) => {
      return JSON.stringify(lazy?.get(key)) !== JSON.stringify(resource);
    });
    expect(differing.map(([key]) => key)).toEqual([]);
    expect(lazy?.get('StructureDefinition|http://example.org/absent')).toBeUndefined();
  });

  it('reads url and resourceType in any order, past nested urls and escaped quotes', () => {
    const codeSystem = {
      id: 'a',
      text: { div: '<div>a \\"quoted\\" "url":"http://wrong" {[</div>' },
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/x', valueString: '}]' }],
      url: 'http://example.org/CodeSystem/a\u00e9',
      resourceType: 'CodeSystem',
    };
    const valueSet = { resourceType: 'ValueSet', id: 'b', url: 'http://example.org/a\\"b' };
    const noUrl = { resourceType: 'Basic', id: 'c' };
    const lazy = LazyBundle.open(bundleBytes([codeSystem, noUrl, valueSet]));
    expect(lazy?.get('CodeSystem|http://example.org/CodeSystem/a\u00e9')).toEqual(codeSystem);
    expect(lazy?.get('ValueSet|http://example.org/a\\"b')).toEqual(valueSet);
    expect(lazy?.get('CodeSystem|http://wrong')).toBeUndefined();
    expect(lazy?.get('StructureDefinition|http://hl7.org/fhir/StructureDefinition/x')).toBe(
      undefined,
    );
  });

  it('keeps the last of two resources with the same key, as parsing whole does', () => {
    const first = { resourceType: 'ValueSet', id: 'one', url: 'http://example.org/vs' };
    const second = { resourceType: 'ValueSet', id: 'two', url: 'http://example.org/vs' };
    const bytes = bundleBytes([first, second]);
    expect(LazyBundle.open(bytes)?.get('ValueSet|http://example.org/vs')).toEqual(second);
    expect(parseWholeBundle(bytes).get('ValueSet|http://example.org/vs')).toEqual(second);
  });

  it('declines files laid out otherwise, which openBundle then parses whole', () => {
    const valueSet = { resourceType: 'ValueSet', id: 'b', url: 'http://example.org/vs' };
    const pretty = Buffer.from(
      JSON.stringify({ resourceType: 'Bundle', entry: [{ resource: valueSet }] }, null, 2),
    );
    const keyOrder = Buffer.from(JSON.stringify({ entry: [{ resource: valueSet }] }));
    for (const bytes of [pretty, keyOrder, Buffer.from('{"resourceType":"Bundle"')]) {
      expect(LazyBundle.open(bytes)).toBeUndefined();
    }
    expect(openBundle(pretty).get('ValueSet|http://example.org/vs')).toEqual(valueSet);
    expect(openBundle(keyOrder).get('ValueSet|http://example.org/vs')).toEqual(valueSet);
  });

  it('declines a bundle whose resource type cannot be read (spaces around a colon)', () => {
    const bytes = Buffer.from(
      '{"resourceType":"Bundle","entry":[{"fullUrl":"urn:x","resource":{"resourceType" : "ValueSet","url":"http://example.org/vs"}}]}',
    );
    expect(LazyBundle.open(bytes)).toBeUndefined();
    expect(openBundle(bytes).get('ValueSet|http://example.org/vs')).toMatchObject({
      resourceType: 'ValueSet',
    });
  });
});
