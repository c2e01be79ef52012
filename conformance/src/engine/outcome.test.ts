import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { OUTCOMES, OUTCOME_MEANINGS, countOutcomes, isOutcome, rollUpOutcomes } from './outcome';

const outcome = fc.constantFrom(...OUTCOMES);

describe('rollUpOutcomes', () => {
  it('follows error > fail > skip > pass > omit', () => {
    expect(rollUpOutcomes(['pass', 'omit'])).toBe('pass');
    expect(rollUpOutcomes(['pass', 'skip', 'omit'])).toBe('skip');
    expect(rollUpOutcomes(['skip', 'fail'])).toBe('fail');
    expect(rollUpOutcomes(['fail', 'error', 'pass'])).toBe('error');
    expect(rollUpOutcomes(['omit'])).toBe('omit');
    expect(rollUpOutcomes([])).toBe('omit');
  });

  test.prop([fc.array(outcome), fc.array(outcome)])(
    'is the strongest outcome whatever the order or grouping',
    (a, b) => {
      const all = rollUpOutcomes([...a, ...b]);
      expect(rollUpOutcomes([...b, ...a])).toBe(all);
      expect(rollUpOutcomes([rollUpOutcomes(a), rollUpOutcomes(b)])).toBe(all);
      expect([...a, ...b, 'omit']).toContain(all);
      for (const item of [...a, ...b]) {
        expect(OUTCOMES.indexOf(all)).toBeLessThanOrEqual(OUTCOMES.indexOf(item));
      }
    },
  );
});

describe('countOutcomes and isOutcome', () => {
  it('counts each outcome and the total', () => {
    expect(countOutcomes(['pass', 'pass', 'fail', 'omit'])).toEqual({
      error: 0,
      fail: 1,
      skip: 0,
      pass: 2,
      omit: 1,
      total: 4,
    });
  });

  it('knows the five outcomes and explains each', () => {
    expect(OUTCOMES.every(isOutcome)).toBe(true);
    expect(isOutcome('passed')).toBe(false);
    expect(OUTCOME_MEANINGS.skip.label).toBe('not demonstrated');
    expect(OUTCOME_MEANINGS.omit.label).toBe('not applicable');
  });
});
