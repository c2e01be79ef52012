import { describe, expect, it } from 'vitest';
import { MAX_UCUM_CODE_LENGTH, ucumProblem } from './ucum';

describe('ucumProblem', () => {
  it('accepts UCUM expressions: prefixes, brackets, annotations, powers, products and quotients', () => {
    const valid = [
      'mg',
      'mm[Hg]',
      '/min',
      '{beats}/min',
      'Cel',
      '10*9/L',
      'kg/m2',
      'ug',
      'mL/h',
      '1',
      'meq/L',
      'mo',
    ];
    expect(valid.filter((code) => ucumProblem(code) !== undefined)).toEqual([]);
  });

  it('names a code UCUM does not have, case included', () => {
    expect(ucumProblem('mmHg')).toBe("'mmHg' is not a valid UCUM unit code");
    const invalid = ['mcg', 'mEq', 'ea', 'TAB', 'ml/hr', 'degC', 'mg//L', '((mg', 'µg'];
    expect(invalid.filter((code) => ucumProblem(code) === undefined)).toEqual([]);
  });

  it('refuses spaces, which UCUM codes never have', () => {
    expect(ucumProblem('mg L')).toBe(
      "'mg L' is not a valid UCUM unit code: UCUM codes contain no spaces",
    );
  });

  it('refuses a code longer than the limit without parsing or echoing it', () => {
    const code = 'm.'.repeat(200) + 'm';
    expect(ucumProblem(code)).toBe(
      `A UCUM unit code of ${String(code.length)} characters is longer than any this validator parses (${String(MAX_UCUM_CODE_LENGTH)})`,
    );
    expect(ucumProblem('m.'.repeat(127) + 'm')).toBeUndefined();
  });
});
