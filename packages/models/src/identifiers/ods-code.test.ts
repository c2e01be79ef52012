import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ODS_ORGANIZATION_SYSTEM,
  ODS_SITE_SYSTEM,
  assertOdsCode,
  formatOdsCode,
  isOdsCode,
  parseOdsCode,
} from './ods-code';
import { failureMessage } from './internal/test-helpers';
import { IdentifierError } from './result';

describe('parseOdsCode', () => {
  it.each(['RR8', 'RR813', 'B82005', '000AA', 'X26HC036', 'ABCDE12345'])(
    'accepts the typical code %s',
    (input) => {
      expect(parseOdsCode(input)).toEqual({ ok: true, value: input });
    },
  );

  it.each([
    ['rr8', 'RR8'],
    [' b82005\n', 'B82005'],
    ['Rr813', 'RR813'],
  ])('normalises %j to %s', (input, expected) => {
    expect(parseOdsCode(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['RR-8', 'format'],
    ['RR 813', 'format'],
    ['RR8!', 'format'],
    ['ßAB', 'format'],
    ['ıab', 'format'],
    ['ＲＲ８', 'format'],
    ['R8', 'length'],
    ['ABCDE123456', 'length'],
  ] as const)('rejects %j with %s', (input, code) => {
    expect(parseOdsCode(input)).toMatchObject({ ok: false, code });
  });

  it('returns a type failure for non-string input from untyped callers', () => {
    expect(parseOdsCode(42 as unknown as string)).toMatchObject({ ok: false, code: 'type' });
  });

  test.prop([fc.string({ unit: 'binary' })])('never throws on arbitrary strings', (input) => {
    const result = parseOdsCode(input);
    expect(result.ok ? result.value : 'RR8').toMatch(/^[A-Z0-9]{3,10}$/);
  });

  test.prop([fc.stringMatching(/^[A-Za-z0-9]{3,10}$/)])(
    'accepts any 3-10 ASCII alphanumerics and round-trips the canonical form',
    (input) => {
      const odsCode = assertOdsCode(input);
      expect(odsCode).toBe(input.toUpperCase());
      expect(isOdsCode(odsCode)).toBe(true);
      expect(parseOdsCode(formatOdsCode(odsCode))).toEqual({ ok: true, value: odsCode });
    },
  );

  test.prop([fc.stringMatching(/^[A-Za-z0-9!-]{3,14}$/)])(
    'never puts the input in a failure message',
    (input) => {
      const message = failureMessage(parseOdsCode(input));
      expect(message).not.toContain(input);
      expect(message).not.toContain(input.toUpperCase());
    },
  );
});

describe('assertOdsCode', () => {
  it('returns the canonical code or throws an IdentifierError', () => {
    expect(assertOdsCode('rr813')).toBe('RR813');
    expect(() => assertOdsCode('R8')).toThrow(IdentifierError);
  });
});

describe('isOdsCode', () => {
  it.each([
    ['RR8', true],
    ['rr8', false],
    [' RR8', false],
    ['R8', false],
    [8, false],
    [undefined, false],
  ])('isOdsCode(%j) is %s', (value, expected) => {
    expect(isOdsCode(value)).toBe(expected);
  });
});

describe('ODS systems', () => {
  it('uses the UK Core spellings (organization with a z)', () => {
    expect(ODS_ORGANIZATION_SYSTEM).toBe('https://fhir.nhs.uk/Id/ods-organization-code');
    expect(ODS_SITE_SYSTEM).toBe('https://fhir.nhs.uk/Id/ods-site-code');
  });
});
