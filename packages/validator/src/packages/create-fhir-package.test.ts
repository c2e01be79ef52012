import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { FhirPackageFile } from './create-fhir-package';
import { createFhirPackage } from './create-fhir-package';
import { FhirPackageError } from './fhir-package-error';

/** What `run` throws, for matching with toMatchObject. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const manifest = (value: unknown): FhirPackageFile => ({
  path: 'package.json',
  content: JSON.stringify(value),
});
const json = (path: string, value: unknown): FhirPackageFile => ({
  path,
  content: JSON.stringify(value),
});
const base = manifest({
  name: 'example.fhir.ig',
  version: '1.0.0',
  fhirVersions: ['4.0.1'],
  canonical: 'https://example.org',
});
const valueSet = {
  resourceType: 'ValueSet',
  id: 'colours',
  url: 'https://example.org/ValueSet/colours',
  version: '1.0.0',
};

describe('createFhirPackage', () => {
  it('reads the manifest and classifies files', () => {
    const pkg = createFhirPackage(
      [
        base,
        json('ValueSet-colours.json', valueSet),
        json('examples/Patient-1.json', { resourceType: 'Patient', id: '1' }),
        json('other/ignored.json', { resourceType: 'Patient' }),
        { path: 'xml/ValueSet-colours.xml', content: '<ValueSet/>' },
      ],
      { source: 'memory', includeExamples: true },
    );
    expect(pkg).toMatchObject({
      id: 'example.fhir.ig',
      version: '1.0.0',
      fhirVersions: ['4.0.1'],
      canonical: 'https://example.org',
      dependencies: {},
      source: 'memory',
      warnings: [],
    });
    expect(pkg.resources).toEqual([
      {
        resourceType: 'ValueSet',
        id: 'colours',
        url: valueSet.url,
        version: '1.0.0',
        fileName: 'ValueSet-colours.json',
        resource: valueSet,
      },
    ]);
    expect(pkg.examples.map((e) => e.fileName)).toEqual(['examples/Patient-1.json']);
  });

  it('reads bytes, ignoring a byte order mark, and the older fhir-version-list', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(valueSet)}`);
    const pkg = createFhirPackage(
      [
        manifest({ name: 'a.b', version: '1', 'fhir-version-list': ['3.0.2'] }),
        { path: 'ValueSet-colours.json', content: bytes },
      ],
      { source: 'memory' },
    );
    expect(pkg.resources).toHaveLength(1);
    expect(pkg.fhirVersions).toEqual(['3.0.2']);
  });

  it.each([
    ['no manifest', [], /no package\/package\.json/],
    ['a manifest that is not JSON', [{ path: 'package.json', content: '{' }], /is not valid JSON/],
    ['a manifest that is an array', [manifest([])], /expected a JSON object/],
    [
      'a manifest without a name',
      [manifest({ version: '1.0.0' })],
      /expected "name" to be the package id/,
    ],
    [
      'a name that could be a path',
      [manifest({ name: '../x', version: '1.0.0' })],
      /expected "name"/,
    ],
    ['a manifest without a version', [manifest({ name: 'a.b' })], /expected "version"/],
    [
      'dependencies that are an array',
      [manifest({ name: 'a.b', version: '1', dependencies: ['x'] })],
      /expected "dependencies" to be an object/,
    ],
    [
      'a dependency version that is a number',
      [manifest({ name: 'a.b', version: '1', dependencies: { 'c.d': 4 } })],
      /dependency "c\.d" to be a string/,
    ],
  ])('fails with bad-manifest for %s', (_name, files, message) => {
    expect(thrown(() => createFhirPackage(files, { source: 'memory' }))).toMatchObject({
      name: 'FhirPackageError',
      code: 'bad-manifest',
      message: expect.stringMatching(message) as string,
    });
  });

  it('warns about bad resource files, or throws bad-resource in strict mode', () => {
    const files = [
      base,
      { path: 'broken.json', content: '{"resourceType":' },
      json('no-type.json', { id: 'x' }),
      json('lower.json', { resourceType: 'valueSet' }),
      json('number.json', 42),
    ];
    const pkg = createFhirPackage(files, { source: 'memory' });
    expect(pkg.resources).toEqual([]);
    expect(pkg.warnings.map((w) => `${w.code} ${w.file ?? ''}`)).toEqual([
      'bad-resource broken.json',
      'bad-resource no-type.json',
      'bad-resource lower.json',
      'bad-resource number.json',
    ]);
    expect(pkg.warnings[3]?.message).toContain(
      'package/number.json is a number, not a JSON object with a resourceType',
    );
    const error = thrown(() => createFhirPackage(files, { source: 'memory', strict: true }));
    expect(error).toBeInstanceOf(FhirPackageError);
    expect(error).toMatchObject({ code: 'bad-resource', path: 'memory: package/broken.json' });
  });

  it('checks .index.json against the files', () => {
    const index = {
      'index-version': 1,
      files: [
        {
          filename: 'ValueSet-colours.json',
          resourceType: 'ValueSet',
          id: 'colours',
          url: valueSet.url,
          version: '2.0.0',
        },
        { filename: 'CodeSystem-gone.json', resourceType: 'CodeSystem', id: 'gone' },
        { filename: 'broken.json', resourceType: 'ValueSet' },
      ],
    };
    const pkg = createFhirPackage(
      [
        base,
        json('ValueSet-colours.json', valueSet),
        json('.index.json', index),
        { path: 'broken.json', content: '{' },
      ],
      { source: 'memory' },
    );
    expect(pkg.warnings.filter((w) => w.code === 'index-mismatch').map((w) => w.message)).toEqual([
      'example.fhir.ig#1.0.0 (memory): package/.index.json gives version "2.0.0" for ValueSet-colours.json, but the file has "1.0.0"',
      'example.fhir.ig#1.0.0 (memory): package/.index.json lists CodeSystem-gone.json, which is not in the package',
    ]);
  });

  it('ignores an unusable .index.json with a warning', () => {
    const pkg = createFhirPackage([base, { path: '.index.json', content: '[]' }], {
      source: 'memory',
    });
    expect(pkg.warnings).toMatchObject([
      {
        code: 'index-mismatch',
        message: expect.stringContaining('has no "files" array') as string,
      },
    ]);
  });

  it('keeps a dependency named __proto__ as a plain key', () => {
    const pkg = createFhirPackage(
      [
        manifest({
          name: 'a.b',
          version: '1',
          dependencies: JSON.parse('{"__proto__":"1.0.0"}') as unknown,
        }),
      ],
      {
        source: 'memory',
      },
    );
    expect(Object.keys(pkg.dependencies)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(pkg.dependencies)).toBe(Object.prototype);
  });
});

describe('createFhirPackage on arbitrary input', () => {
  test.prop([
    fc.array(
      fc.record({
        path: fc.oneof(
          fc.constantFrom(
            'package.json',
            '.index.json',
            'ValueSet-x.json',
            'examples/x.json',
            'other/x.json',
          ),
          fc.string(),
        ),
        content: fc.oneof(fc.string(), fc.json(), fc.uint8Array()),
      }),
      { maxLength: 6 },
    ),
  ])('returns a package or throws a FhirPackageError, nothing else', (files) => {
    try {
      const pkg = createFhirPackage(files, { source: 'fuzz', includeExamples: true });
      expect(typeof pkg.id).toBe('string');
    } catch (error) {
      expect(error).toBeInstanceOf(FhirPackageError);
    }
  });
});
