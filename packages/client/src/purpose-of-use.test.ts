import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import {
  DEFAULT_PURPOSE_OF_USE_CLAIM,
  DEFAULT_PURPOSE_OF_USE_HEADER,
  PURPOSE_OF_USE_CODES,
  PURPOSE_OF_USE_SYSTEM,
  resolvePurposeOfUse,
} from './purpose-of-use';

describe('resolvePurposeOfUse', () => {
  it('applies the documented defaults', () => {
    expect(resolvePurposeOfUse({ code: 'TREAT' })).toEqual({
      code: 'TREAT',
      system: PURPOSE_OF_USE_SYSTEM,
      header: DEFAULT_PURPOSE_OF_USE_HEADER,
      headerValue: 'TREAT',
      claim: DEFAULT_PURPOSE_OF_USE_CLAIM,
      claimValue: 'TREAT',
    });
  });

  it('supports other names, formats and one channel only', () => {
    expect(
      resolvePurposeOfUse({
        code: 'PUBHLTH',
        system: 'https://example.org/purpose',
        header: 'NHSD-Purpose',
        headerFormat: 'token',
        claim: false,
      }),
    ).toMatchObject({
      header: 'NHSD-Purpose',
      headerValue: 'https://example.org/purpose|PUBHLTH',
      claim: undefined,
    });
    expect(
      resolvePurposeOfUse({ code: 'HOPERAT', header: false, claimFormat: 'coding' }),
    ).toMatchObject({
      header: undefined,
      claimValue: { system: PURPOSE_OF_USE_SYSTEM, code: 'HOPERAT' },
    });
  });

  it.each([
    [{ code: '' }],
    [{ code: 'TREAT NOW' }],
    [{ code: 'TREAT', header: 'Bad Header' }],
    [{ code: 'TREAT', claim: 'aud' }],
    [{ code: 'TREAT', claim: '1bad' }],
    [{ code: 'TREAT', system: 'a|b' }],
  ])('rejects %j', (options) => {
    expect(() => resolvePurposeOfUse(options)).toThrow(ConfigError);
  });

  it('names the common HL7 v3 codes', () => {
    expect(Object.keys(PURPOSE_OF_USE_CODES)).toEqual(
      expect.arrayContaining(['TREAT', 'HRESCH', 'HOPERAT', 'PUBHLTH']),
    );
  });
});
