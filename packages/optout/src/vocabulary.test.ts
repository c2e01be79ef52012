import { describe, expect, it } from 'vitest';
import { PURPOSE_OF_USE_CODES } from './generated/purpose-of-use';
import {
  PURPOSES,
  PURPOSE_CODES,
  parseDataOrigin,
  parseIdentifiability,
  parseLegalBasis,
  parsePurpose,
  purposeForPurposeOfUse,
} from './vocabulary';

describe('purposes of use', () => {
  it('map every lhcr purpose to a real v3 PurposeOfUse code that maps back to the same category', () => {
    for (const purpose of PURPOSE_CODES) {
      const { purposeOfUse, category } = PURPOSES[purpose];
      expect(Object.hasOwn(PURPOSE_OF_USE_CODES, purposeOfUse)).toBe(true);
      const back = purposeForPurposeOfUse(purposeOfUse);
      expect(back === undefined ? undefined : PURPOSES[back].category).toBe(category);
    }
  });

  it.each([
    ['TREAT', 'direct-care'],
    ['COC', 'direct-care'],
    ['ETREAT', 'emergency-care'],
    ['BTG', 'emergency-care'],
    ['POPHLTH', 'population-health'],
    ['HRESCH', 'research'],
    ['CLINTRCHNPC', 'research'],
    ['HOPERAT', 'planning'],
    ['HSYSADMIN', 'planning'],
    ['HQUALIMP', 'clinical-audit'],
    ['HPAYMT', 'invoice-validation'],
    ['ELIGVER', 'invoice-validation'],
    ['PUBHLTH', 'public-health'],
    ['THREAT', 'public-health'],
  ])('maps v3 %s (and its place in the hierarchy) to %s', (code, purpose) => {
    expect(purposeForPurposeOfUse(code)).toBe(purpose);
  });

  it('leaves marketing and patient-requested disclosures out', () => {
    expect(purposeForPurposeOfUse('HMARKT')).toBeUndefined();
    expect(purposeForPurposeOfUse('PWATRNY')).toBeUndefined();
    expect(purposeForPurposeOfUse('NOTACODE')).toBeUndefined();
  });

  it('parsePurpose accepts lhcr purposes, v3 codes in any case and system|code tokens', () => {
    expect(parsePurpose('research')).toEqual({
      ok: true,
      value: { purpose: 'research', purposeOfUse: 'HRESCH' },
    });
    expect(parsePurpose(' etreat ')).toEqual({
      ok: true,
      value: { purpose: 'emergency-care', purposeOfUse: 'ETREAT' },
    });
    expect(parsePurpose('http://terminology.hl7.org/CodeSystem/v3-ActReason|HPAYMT')).toEqual({
      ok: true,
      value: { purpose: 'invoice-validation', purposeOfUse: 'HPAYMT' },
    });
    expect(parsePurpose('http://example.org/other|TREAT')).toMatchObject({ ok: false });
    expect(parsePurpose('treatment')).toMatchObject({
      ok: false,
      message: expect.stringContaining('unknown purpose') as unknown,
    });
    expect(parsePurpose('HMARKT')).toMatchObject({
      ok: false,
      message: expect.stringContaining('out of scope') as unknown,
    });
  });

  it('parses bases, identifiability and origins from their closed lists', () => {
    expect(parseLegalBasis('s251-cag-exempt')).toEqual({ ok: true, value: 's251-cag-exempt' });
    expect(parseLegalBasis('consent')).toMatchObject({ ok: false });
    expect(parseIdentifiability('pseudonymised')).toEqual({ ok: true, value: 'pseudonymised' });
    expect(parseDataOrigin('gp')).toMatchObject({
      ok: false,
      message: expect.stringContaining('gp-practice') as unknown,
    });
  });
});
