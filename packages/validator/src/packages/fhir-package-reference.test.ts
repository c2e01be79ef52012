import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  assertFhirPackageReference,
  formatFhirPackageReference,
  isFhirPackageId,
  isFhirPackageVersion,
  parseFhirPackageReference,
} from './fhir-package-reference';

/** What `run` throws, for matching with toMatchObject. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseFhirPackageReference', () => {
  it.each([
    ['hl7.fhir.r4.core#4.0.1', { id: 'hl7.fhir.r4.core', version: '4.0.1' }],
    ['hl7.fhir.r4.core@4.0.1', { id: 'hl7.fhir.r4.core', version: '4.0.1' }],
    ['fhir.r4.ukcore.stu2#2.0.x', { id: 'fhir.r4.ukcore.stu2', version: '2.0.x' }],
    ['hl7.fhir.uv.ips#current', { id: 'hl7.fhir.uv.ips', version: 'current' }],
    ['hl7.fhir.r4.core', { id: 'hl7.fhir.r4.core' }],
    ['hl7.fhir.r4.core#latest', { id: 'hl7.fhir.r4.core' }],
    [
      'de.basisprofil.r4#1.0.0-ballot+build.7',
      { id: 'de.basisprofil.r4', version: '1.0.0-ballot+build.7' },
    ],
  ])('parses %s', (text, value) => {
    expect(parseFhirPackageReference(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', /has no id/],
    ['#4.0.1', /has no id/],
    ['hl7.fhir.r4.core#', /has an empty version/],
    ['../etc#1.0.0', /has an invalid id/],
    ['hl7 fhir#1', /has an invalid id/],
    ['hl7.fhir.r4.core#1.0/../x', /has an invalid version/],
    ['a..b#1', /has an invalid id/],
  ])('rejects %j', (text, message) => {
    expect(parseFhirPackageReference(text)).toMatchObject({
      ok: false,
      message: expect.stringMatching(message) as string,
    });
    expect(parseFhirPackageReference(text)).toMatchObject({
      message: expect.stringContaining('expected id, id#version or id@version') as string,
    });
  });

  it('has a throwing twin and a formatter', () => {
    expect(assertFhirPackageReference('a.b@1.0.0')).toEqual({ id: 'a.b', version: '1.0.0' });
    expect(thrown(() => assertFhirPackageReference('a b'))).toMatchObject({
      code: 'bad-reference',
      path: 'a b',
    });
    expect(formatFhirPackageReference({ id: 'a.b', version: '1.0.0' })).toBe('a.b#1.0.0');
    expect(formatFhirPackageReference({ id: 'a.b' })).toBe('a.b');
  });

  it('checks ids and versions so they can never name a path', () => {
    expect(isFhirPackageId('hl7.fhir.r4.core')).toBe(true);
    expect(isFhirPackageId('x'.repeat(215))).toBe(false);
    expect(isFhirPackageVersion('4.0.1')).toBe(true);
    expect(isFhirPackageVersion('..')).toBe(false);
    expect(isFhirPackageVersion('1/2')).toBe(false);
  });
});

describe('parseFhirPackageReference on arbitrary text', () => {
  test.prop([fc.string()])(
    'never throws, and every id it accepts is safe as a folder name',
    (text) => {
      const result = parseFhirPackageReference(text);
      if (result.ok) expect(result.value.id).not.toMatch(/[/\\]|^\.\.?$/);
      else expect(result.message).toContain('expected');
    },
  );
});
