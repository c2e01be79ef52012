import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dateMatches, dateRange, resourceMatchesDate, valueRange } from './dates';

describe('dateRange', () => {
  it('gives each precision its range', () => {
    expect(dateRange('2024')).toEqual({
      start: Date.UTC(2024, 0, 1),
      end: Date.UTC(2025, 0, 1),
      local: true,
    });
    expect(dateRange('2024-02')).toEqual({
      start: Date.UTC(2024, 1, 1),
      end: Date.UTC(2024, 2, 1),
      local: true,
    });
    expect(dateRange('2024-02-29')).toEqual({
      start: Date.UTC(2024, 1, 29),
      end: Date.UTC(2024, 2, 1),
      local: true,
    });
    expect(dateRange('2024-02-29T10:15:00Z')).toEqual({
      start: Date.UTC(2024, 1, 29, 10, 15),
      end: Date.UTC(2024, 1, 29, 10, 15, 1),
      local: false,
    });
    expect(dateRange('2024-02-29T10:15:00+01:00')?.start).toBe(Date.UTC(2024, 1, 29, 9, 15));
    expect(dateRange('2024-02-29T10:15:00.250Z')).toMatchObject({
      start: Date.UTC(2024, 1, 29, 10, 15, 0, 250),
      local: false,
    });
    expect(dateRange('yesterday')).toBeUndefined();
    expect(dateRange('2024-13')).toBeUndefined();
  });

  it('reads Periods with open ends', () => {
    expect(valueRange({ start: '2026-02-27T18:30:00Z' })).toEqual({
      start: Date.UTC(2026, 1, 27, 18, 30),
      end: Number.POSITIVE_INFINITY,
      local: false,
    });
    expect(valueRange({})).toBeUndefined();
  });
});

describe('dateMatches', () => {
  const day = dateRange('2026-05-10');
  const instant = dateRange('2026-05-10T10:15:00Z');
  it('applies FHIR range semantics to values of the same kind', () => {
    if (day === undefined) throw new Error('unreachable');
    const sameDay = dateRange('2026-05-10');
    const nextDay = dateRange('2026-05-11');
    if (sameDay === undefined || nextDay === undefined) throw new Error('unreachable');
    expect(dateMatches('eq', day, sameDay)).toBe(true);
    expect(dateMatches('ge', day, sameDay)).toBe(true);
    expect(dateMatches('gt', day, sameDay)).toBe(false);
    expect(dateMatches('gt', day, nextDay)).toBe(true);
    expect(dateMatches('lt', nextDay, day)).toBe(true);
    expect(dateMatches('le', day, nextDay)).toBe(false);
  });

  it('says undefined when the answer depends on the timezone of a date without one', () => {
    if (day === undefined || instant === undefined) throw new Error('unreachable');
    expect(dateMatches('eq', day, instant)).toBeUndefined();
    const year = dateRange('2026');
    if (year === undefined) throw new Error('unreachable');
    expect(dateMatches('eq', year, instant)).toBe(true);
    const other = dateRange('2025');
    if (other === undefined) throw new Error('unreachable');
    expect(dateMatches('eq', other, instant)).toBe(false);
  });

  const instants = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
    .map((ms) => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z'));
  test.prop([instants, instants])('is consistent between prefixes for instants', (a, b) => {
    const search = dateRange(a);
    const target = dateRange(b);
    if (search === undefined || target === undefined) throw new Error('unreachable');
    const eq = dateMatches('eq', search, target);
    const ge = dateMatches('ge', search, target);
    const le = dateMatches('le', search, target);
    const gt = dateMatches('gt', search, target);
    const lt = dateMatches('lt', search, target);
    expect(eq).toBe(a === b);
    expect(ge).toBe(eq === true || gt === true);
    expect(le).toBe(eq === true || lt === true);
    expect([eq, gt, lt].filter((value) => value === true)).toHaveLength(1);
  });
});

describe('resourceMatchesDate', () => {
  it('matches when any of the values matches, and knows each parameter', () => {
    const encounter = {
      resourceType: 'Encounter',
      period: { start: '2026-02-27T18:30:00Z', end: '2026-03-02T11:00:00Z' },
    };
    expect(resourceMatchesDate(encounter, 'date', 'ge', '2026-03-01T00:00:00Z')).toBe(true);
    expect(resourceMatchesDate(encounter, 'date', 'lt', '2026-02-27T18:30:00Z')).toBe(false);
    expect(resourceMatchesDate(encounter, 'date', 'eq', '2026')).toBe(true);
    expect(resourceMatchesDate(encounter, 'date', 'eq', '2026-02')).toBe(false);
    expect(
      resourceMatchesDate(
        { resourceType: 'Observation', meta: { lastUpdated: '2026-06-01T09:00:00Z' } },
        '_lastUpdated',
        'gt',
        '2026-06-01T09:00:00Z',
      ),
    ).toBe(false);
    expect(resourceMatchesDate(encounter, 'unknown-param', 'eq', '2026')).toBeUndefined();
  });
});
