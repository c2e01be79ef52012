import { fc, test } from '@fast-check/vitest';
import { assertUkPostcode } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { generaliseBirthDate } from './birth-date';
import { ageOn, datePrecision, isNoMorePrecise, shiftDate, truncateDate } from './dates';
import { ethnicGroupOf } from './ethnic-category';
import { generalisePostcode, parsePostcodeLookup } from './postcode';

/** FHIR dates, dateTimes and instants of every precision. */
const fhirDate = fc
  .record({
    date: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    precision: fc.constantFrom('year', 'month', 'day', 'time'),
    zone: fc.constantFrom('Z', '+01:00', '-05:30'),
  })
  .map(({ date, precision, zone }) => {
    const iso = date.toISOString();
    switch (precision) {
      case 'year':
        return iso.slice(0, 4);
      case 'month':
        return iso.slice(0, 7);
      case 'day':
        return iso.slice(0, 10);
      case 'time':
        return `${iso.slice(0, 19)}${zone}`;
    }
  });

/** The instants a FHIR date value may stand for, as [start, end) in ms (time zone ignored). */
function interval(value: string): [number, number] {
  const year = Number(value.slice(0, 4));
  if (value.length === 4) return [Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)];
  const month = Number(value.slice(5, 7)) - 1;
  if (value.length === 7) return [Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1)];
  const day = Number(value.slice(8, 10));
  if (value.length === 10) return [Date.UTC(year, month, day), Date.UTC(year, month, day + 1)];
  const at = Date.parse(`${value.slice(0, 19)}Z`);
  return [at, at + 1000];
}

describe('dates', () => {
  test.prop([fhirDate, fc.constantFrom('month' as const, 'year' as const)])(
    'truncation never makes a date more precise, and the truncated period holds the original',
    (value, to) => {
      const out = truncateDate(value, to);
      expect(out).toBeDefined();
      const before = datePrecision(value);
      const after = datePrecision(out ?? '');
      expect(before).toBeDefined();
      expect(after).toBeDefined();
      expect(isNoMorePrecise(after ?? 'time', to)).toBe(true);
      expect(isNoMorePrecise(after ?? 'time', before ?? 'year')).toBe(true);
      const [start, end] = interval(value);
      const [outStart, outEnd] = interval(out ?? '');
      expect(outStart).toBeLessThanOrEqual(start);
      expect(outEnd).toBeGreaterThanOrEqual(end);
    },
  );

  test.prop([fhirDate, fc.integer({ min: -365, max: 365 })])(
    'a shift keeps the precision, and shifting back restores a day-precise date',
    (value, days) => {
      const out = shiftDate(value, days);
      expect(out).toBeDefined();
      expect(datePrecision(out ?? '')).toBe(datePrecision(value));
      if (value.length >= 10) expect(shiftDate(out ?? '', -days)).toBe(value);
    },
  );

  it('truncates and shifts as written, with leap years and time zones', () => {
    expect(truncateDate('2024-06-15T09:30:00+01:00', 'month')).toBe('2024-06');
    expect(truncateDate('2024-06-15', 'year')).toBe('2024');
    expect(truncateDate('2024', 'month')).toBe('2024');
    expect(truncateDate('2024-13', 'month')).toBeUndefined();
    expect(truncateDate('2023-02-29', 'month')).toBeUndefined();
    expect(truncateDate('15/06/2024', 'month')).toBeUndefined();
    expect(shiftDate('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftDate('2024-06-15T09:30:00Z', 10)).toBe('2024-06-25T09:30:00Z');
    expect(shiftDate('2024-06', 20)).toBe('2024-06');
    expect(shiftDate('2024-01', -1)).toBe('2023-12');
  });

  it('works out ages in whole years', () => {
    expect(ageOn('1970-03-01', '2025-02-28')).toBe(54);
    expect(ageOn('1970-03-01', '2025-03-01')).toBe(55);
    expect(ageOn('1970', '2025-03-01')).toBe(54);
    expect(ageOn('not a date', '2025-03-01')).toBeUndefined();
  });
});

describe('birth dates', () => {
  it('become a year, an age band at the extract date, or nothing', () => {
    expect(generaliseBirthDate('1970-03-01', { method: 'year' }, '2025-03-01')).toEqual({
      kind: 'year',
      year: '1970',
    });
    expect(
      generaliseBirthDate('1970-03-01', { method: 'age-band', bandYears: 5 }, '2025-03-01'),
    ).toEqual({ kind: 'age-band', low: 55, high: 59 });
    expect(
      generaliseBirthDate('1970-03-02', { method: 'age-band', bandYears: 5 }, '2025-03-01'),
    ).toEqual({ kind: 'age-band', low: 50, high: 54 });
    expect(
      generaliseBirthDate(
        '1930-01-01',
        { method: 'age-band', bandYears: 5, topBandFrom: 90 },
        '2025-03-01',
      ),
    ).toEqual({ kind: 'age-band', low: 90 });
    expect(
      generaliseBirthDate(
        '1941-06-01',
        { method: 'age-band', bandYears: 10, topBandFrom: 85 },
        '2025-03-01',
      ),
    ).toEqual({ kind: 'age-band', low: 80, high: 84 });
    expect(generaliseBirthDate('1970-03-01', { method: 'remove' }, '2025-03-01')).toEqual({
      kind: 'removed',
    });
    expect(
      generaliseBirthDate('2026-01-01', { method: 'age-band', bandYears: 5 }, '2025-03-01'),
    ).toEqual({ kind: 'removed' });
    expect(generaliseBirthDate('March 1970', { method: 'year' }, '2025-03-01')).toEqual({
      kind: 'removed',
    });
  });

  test.prop([fhirDate, fc.integer({ min: 1, max: 20 })])(
    'an age band always holds the true age, and is never narrower than a year',
    (birthDate, bandYears) => {
      fc.pre(birthDate.length === 10 && birthDate <= '2025-03-01');
      const result = generaliseBirthDate(
        birthDate,
        { method: 'age-band', bandYears },
        '2025-03-01',
      );
      const age = ageOn(birthDate, '2025-03-01') ?? -1;
      expect(result.kind).toBe('age-band');
      if (result.kind !== 'age-band') return;
      expect(result.low).toBeLessThanOrEqual(age);
      expect(result.high ?? Infinity).toBeGreaterThanOrEqual(age);
      expect((result.high ?? Infinity) - result.low + 1).toBe(bandYears);
    },
  );
});

describe('postcodes', () => {
  it('keep the outward code (the postcode district), or the LSOA from a lookup', () => {
    const { lookup, skipped, skippedLines } = parsePostcodeLookup(
      'pcds,lsoa21cd,other\r\nLS1 4AP,E01033015,x\n"LS2 9JT","E01011365",y\nnot a postcode,E0100,z\nLS6 2AB,,z\n',
    );
    expect(lookup.size).toBe(2);
    expect(skipped).toBe(2);
    expect(skippedLines).toEqual([4, 5]);
    expect(lookup.get(assertUkPostcode('ls14ap'))).toBe('E01033015');
    expect(generalisePostcode('ls1 4ap', { method: 'district' })).toEqual({
      kind: 'postal-code',
      value: 'LS1',
    });
    expect(generalisePostcode('SW1A 1AA', { method: 'outward-code' })).toEqual({
      kind: 'postal-code',
      value: 'SW1A',
    });
    expect(generalisePostcode('LS2 9JT', { method: 'lsoa' }, lookup)).toEqual({
      kind: 'area',
      value: 'E01011365',
    });
    expect(generalisePostcode('LS7 3QB', { method: 'lsoa' }, lookup)).toEqual({
      kind: 'removed',
      reason: 'not-in-lookup',
    });
    expect(generalisePostcode('ZZ99 3VZ', { method: 'district' })).toEqual({
      kind: 'postal-code',
      value: 'ZZ99 3VZ',
    });
    expect(
      generalisePostcode('ZZ99 3VZ', { method: 'district', pseudoPostcodes: 'remove' }),
    ).toEqual({ kind: 'removed', reason: 'pseudo-postcode' });
    expect(generalisePostcode('QQ1 1AA', { method: 'district' })).toEqual({
      kind: 'removed',
      reason: 'invalid',
    });
    expect(generalisePostcode('LS1 4AP', { method: 'remove' })).toEqual({
      kind: 'removed',
      reason: 'policy',
    });
    expect(() => generalisePostcode('LS1 4AP', { method: 'lsoa' })).toThrow(/no postcode lookup/);
    expect(() => parsePostcodeLookup('postcode,name\nLS1 4AP,x\n')).toThrow(/area column/);
  });

  test.prop([
    fc.constantFrom(
      'LS1 4AP',
      'SW1A 1AA',
      'M1 1AE',
      'B33 8TH',
      'CR2 6XH',
      'DN55 1PT',
      'EC1A 1BB',
      'W1A 0AX',
    ),
  ])('the generalised postcode is a prefix of the postcode, and shorter', (postcode) => {
    const result = generalisePostcode(postcode, { method: 'district' });
    expect(result.kind).toBe('postal-code');
    if (result.kind !== 'postal-code') return;
    expect(postcode.startsWith(result.value)).toBe(true);
    expect(result.value.length).toBeLessThan(postcode.length);
  });
});

describe('ethnic categories', () => {
  it('map to the broad groups of the NHS Data Dictionary', () => {
    expect(['A', 'B', 'C'].map(ethnicGroupOf)).toEqual(['white', 'white', 'white']);
    expect(['D', 'G', 'H', 'L', 'M', 'P', 'R', 'S', 'Z', '99'].map(ethnicGroupOf)).toEqual([
      'mixed',
      'mixed',
      'asian',
      'asian',
      'black',
      'black',
      'other',
      'other',
      'not-stated',
      'not-known',
    ]);
    expect(ethnicGroupOf('Q')).toBeUndefined();
    expect(ethnicGroupOf('A1')).toBe('white');
  });
});
