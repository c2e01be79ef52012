import { describe, expect, it } from 'vitest';
import { checkCoding } from './check-coding';
import type { CodingContext } from './check-coding';

const SYSTEM = 'https://example.org/CodeSystem/care-setting';
const context: CodingContext = {
  codeInSystem: (system, code) => (system === SYSTEM ? ['hosp', 'home'].includes(code) : undefined),
  codeDisplays: (system, code) =>
    system === SYSTEM && code === 'hosp' ? ['Hospital', 'Ysbyty'] : undefined,
  reportUnverifiedCodes: false,
};

describe('checkCoding displays', () => {
  it('accepts the display or any designation, regardless of case and whitespace', () => {
    for (const display of ['Hospital', 'ysbyty', ' HOSPITAL ']) {
      expect(checkCoding({ system: SYSTEM, code: 'hosp', display }, context)).toEqual([]);
    }
  });

  it('warns on another display, naming the code system’s own', () => {
    expect(checkCoding({ system: SYSTEM, code: 'hosp', display: 'Clinic' }, context)).toEqual([
      {
        severity: 'warning',
        code: 'invalid',
        property: 'display',
        diagnostics: `Wrong display 'Clinic' for ${SYSTEM}#hosp: the code system's display is 'Hospital'`,
      },
    ]);
  });

  it('says nothing of a display when the code system gives the code none, or is not known', () => {
    expect(checkCoding({ system: SYSTEM, code: 'home', display: 'Anything' }, context)).toEqual([]);
    expect(checkCoding({ system: 'https://x.org', code: 'a', display: 'A' }, context)).toEqual([]);
  });
});
