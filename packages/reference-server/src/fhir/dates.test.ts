import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { sanitiseDiagnostics } from '../server/resources';
import { parseDateRange } from './dates';

describe('parseDateRange', () => {
  it('gives each precision its whole range, in UTC unless a zone is given', () => {
    expect(parseDateRange('2024')).toEqual({
      low: Date.UTC(2024, 0, 1),
      high: Date.UTC(2025, 0, 1) - 1,
    });
    expect(parseDateRange('2024-02')).toEqual({
      low: Date.UTC(2024, 1, 1),
      high: Date.UTC(2024, 2, 1) - 1,
    });
    expect(parseDateRange('2024-02-29')).toEqual({
      low: Date.UTC(2024, 1, 29),
      high: Date.UTC(2024, 2, 1) - 1,
    });
    expect(parseDateRange('2024-03-01T10:15')).toEqual({
      low: Date.UTC(2024, 2, 1, 10, 15),
      high: Date.UTC(2024, 2, 1, 10, 16) - 1,
    });
    expect(parseDateRange('2024-03-01T10:15:30+01:00')).toEqual({
      low: Date.UTC(2024, 2, 1, 9, 15, 30),
      high: Date.UTC(2024, 2, 1, 9, 15, 30) + 999,
    });
    expect(parseDateRange('2024-03-01T10:15:30.250Z')).toEqual({
      low: Date.UTC(2024, 2, 1, 10, 15, 30, 250),
      high: Date.UTC(2024, 2, 1, 10, 15, 30, 250),
    });
  });

  it('refuses what is not a FHIR date', () => {
    for (const text of ['yesterday', '2023-02-29', '2024-13', '2024-01-01T25:00', '20240101', '']) {
      expect(parseDateRange(text)).toBeUndefined();
    }
  });

  test.prop([
    fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
  ])('puts every instant inside the ranges of its day, month and year', (date) => {
    const iso = date.toISOString();
    const instant = date.getTime();
    for (const text of [iso.slice(0, 4), iso.slice(0, 7), iso.slice(0, 10), iso]) {
      const range = parseDateRange(text);
      expect(range).toBeDefined();
      expect(range?.low).toBeLessThanOrEqual(instant);
      expect(range?.high).toBeGreaterThanOrEqual(instant);
    }
  });

  test.prop([fc.string({ maxLength: 40 })])(
    'never throws, and a range never ends before it starts',
    (text) => {
      const range = parseDateRange(text);
      if (range !== undefined) expect(range.high).toBeGreaterThanOrEqual(range.low);
    },
  );
});

describe('sanitiseDiagnostics', () => {
  test.prop([fc.stringMatching(/^\d{10}$/), fc.string({ maxLength: 30 })])(
    'never lets an NHS-number-like run of digits through',
    (digits, noise) => {
      expect(sanitiseDiagnostics(`${noise} ${digits} '${noise}'`)).not.toContain(digits);
    },
  );
});
