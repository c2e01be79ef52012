import { fc, test } from '@fast-check/vitest';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { afterAll, describe, expect, it } from 'vitest';
import { clearTemporalCache, parseTemporal } from './datetime';
import type { TemporalType } from './datetime';
import { compareConverted, deepEqual } from './values';

const DATE_TIMES = [
  '2020',
  '2020-01',
  '2020-01-01',
  '2020-01-02',
  '2019-12-31',
  '0050-06-01',
  '2020-01-01T10',
  '2020-01-01T10:00',
  '2020-01-01T10:00:00',
  '2020-01-01T10:00:00Z',
  '2020-01-01T10:00:00+01:00',
  '2020-01-01T09:00:00Z',
  '2020-01-01T10:00:00.5Z',
  '2020-01-01T10:00:00.500Z',
  '2020-01-01T23:59:60Z',
  '2020-01-01T10:00:59.999-05:00',
  '2020-03-29T01:30:00Z',
  '2020-03-29T01:30:00',
  '2020-10-25T01:30:00',
  '2020-03-08T02:30:00-00:30',
  '2020-02-30',
  '2020-13-01',
];

type Relation = '<' | '<=' | '>' | '>=';

/** The package's answer for `start <op> end` on a Period, or 'error'. */
function packageAnswer(op: Relation | '=', start: string, end: string): unknown {
  try {
    const result: unknown[] = fhirpath.evaluate(
      { start, end },
      { base: 'Period', expression: `start ${op} end` },
      {},
      r4,
      { async: false },
    );
    return result.length === 0 ? undefined : result[0];
  } catch {
    return 'error';
  }
}

function ownAnswer(
  op: Relation | '=',
  start: string,
  end: string,
  type: TemporalType = 'dateTime',
): unknown {
  const a = parseTemporal(type, start) ?? start;
  const b = parseTemporal(type, end) ?? end;
  try {
    if (op === '=') {
      return deepEqual(a, b, () => false);
    }
    return compareConverted(op, a, true, b, true);
  } catch {
    return 'error';
  }
}

const pairs = fc.tuple(fc.constantFrom(...DATE_TIMES), fc.constantFrom(...DATE_TIMES));
const relation = fc.constantFrom<Relation | '='>('<', '<=', '>', '>=', '=');

describe('date/time comparison', () => {
  test.prop([relation, pairs], { numRuns: 600 })(
    'agrees with the fhirpath package',
    (op, [start, end]) => {
      expect(ownAnswer(op, start, end)).toEqual(packageAnswer(op, start, end));
    },
  );

  it('is empty for values that agree to the shared precision but have different precisions', () => {
    expect(ownAnswer('<=', '2020-01', '2020-01-15')).toBeUndefined();
    expect(ownAnswer('=', '2020', '2020-06')).toBeUndefined();
    expect(ownAnswer('<', '2020-02', '2020-01-15')).toBe(false);
  });

  it('counts a leap second as 59 and reads ".5" as 5 milliseconds, as the package does', () => {
    expect(ownAnswer('=', '2020-01-01T23:59:60Z', '2020-01-01T23:59:59Z')).toBe(true);
    expect(ownAnswer('=', '2020-01-01T10:00:00.5Z', '2020-01-01T10:00:00.005Z')).toBe(true);
  });

  describe.each(['Europe/London', 'America/New_York', 'Asia/Kolkata'])(
    'in the time zone %s',
    (zone) => {
      const original = process.env.TZ;
      afterAll(() => {
        if (original === undefined) delete process.env.TZ;
        else process.env.TZ = original;
        clearTemporalCache();
      });
      test.prop([relation, pairs], { numRuns: 300 })(
        'agrees with the fhirpath package',
        (op, [start, end]) => {
          process.env.TZ = zone;
          clearTemporalCache();
          expect(ownAnswer(op, start, end)).toEqual(packageAnswer(op, start, end));
        },
      );
    },
  );
});
