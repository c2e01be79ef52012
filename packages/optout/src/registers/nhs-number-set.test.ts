import { fc, test } from '@fast-check/vitest';
import { assertNhsNumber, generateTestNhsNumber, parseNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { testNumbers } from '../__fixtures__/records';
import { NhsNumberSet, NhsNumberSetBuilder, nhsNumberStem } from './nhs-number-set';

describe('NhsNumberSet', () => {
  it('holds numbers once, in both representations, and iterates in ascending order', () => {
    const numbers = testNumbers(500);
    for (const representation of ['sorted', 'bitset'] as const) {
      const set = NhsNumberSet.from([...numbers, ...numbers.slice(0, 10)], representation);
      expect(set.representation).toBe(representation);
      expect(set.size).toBe(500);
      for (const nhsNumber of numbers) expect(set.has(nhsNumber)).toBe(true);
      expect([...set]).toEqual([...numbers].sort());
      expect(set.has(assertNhsNumber('9434765919'))).toBe(false);
    }
  });

  it('picks the smaller representation automatically', () => {
    const small = NhsNumberSet.from(testNumbers(100));
    expect(small.representation).toBe('sorted');
    expect(small.byteLength).toBeLessThan(2_000);
    // Every number of one 65,536-stem page: a dense range, where a bitset is smaller.
    const builder = new NhsNumberSetBuilder();
    for (let stem = 999_000_000; stem < 999_065_536; stem += 1) {
      try {
        builder.addStem(stem);
      } catch {
        // stems with check value 10 are never issued
      }
    }
    const dense = builder.build();
    expect(dense.representation).toBe('bitset');
    expect(dense.size).toBeGreaterThan(59_000);
  });

  it('hasMany answers like has, in batches', () => {
    const numbers = testNumbers(3000, 77);
    const set = NhsNumberSet.from(
      numbers.filter((_, index) => index % 3 === 0),
      'bitset',
    );
    const out = new Uint8Array(numbers.length);
    expect(set.hasMany(numbers, out)).toBe(1000);
    expect([...out]).toEqual(numbers.map((nhsNumber) => (set.has(nhsNumber) ? 1 : 0)));
    expect(() => set.hasMany(numbers, new Uint8Array(1))).toThrow(RangeError);
  });

  it.each(['bitset', 'sorted'] as const)(
    'hasMany answers like has for numbers outside the pages in use (%s)',
    (representation) => {
      const numbers = testNumbers(3000, 78);
      const held = numbers.filter((nhsNumber) => nhsNumber.startsWith('5'));
      const set = NhsNumberSet.from(held, representation);
      const out = new Uint8Array(numbers.length);
      expect(set.hasMany(numbers, out)).toBe(held.length);
      expect([...out]).toEqual(numbers.map((nhsNumber) => (set.has(nhsNumber) ? 1 : 0)));
    },
  );

  it('is empty when built from nothing', () => {
    const empty = NhsNumberSet.from([]);
    expect(empty.size).toBe(0);
    expect(empty.has(assertNhsNumber('9434765919'))).toBe(false);
    expect([...empty]).toEqual([]);
  });

  it('nhsNumberStem is the first nine digits', () => {
    expect(nhsNumberStem(assertNhsNumber('9434765919'))).toBe(943476591);
    expect(nhsNumberStem(assertNhsNumber('4010232137'))).toBe(401023213);
  });

  test.prop([
    fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 300 }),
    fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 100 }),
  ])('answers exactly like a Set<string> of the same numbers', (seedsIn, seedsOut) => {
    const toNumber = (seed: number): NhsNumber =>
      generateTestNhsNumber(() => (seed % 1_000_000) / 1_000_000);
    const members = seedsIn.map(toNumber);
    const model = new Set<string>(members);
    for (const representation of ['sorted', 'bitset'] as const) {
      const set = NhsNumberSet.from(members, representation);
      expect(set.size).toBe(model.size);
      for (const probe of [...members, ...seedsOut.map(toNumber)])
        expect(set.has(probe)).toBe(model.has(probe));
    }
  });
});

describe('NhsNumberSetBuilder', () => {
  it('reports duplicates, supports has, and cannot be used after build', () => {
    const [a, b] = testNumbers(2) as [NhsNumber, NhsNumber];
    const builder = new NhsNumberSetBuilder();
    expect(builder.add(a)).toBe(true);
    expect(builder.add(a)).toBe(false);
    expect(builder.has(a)).toBe(true);
    expect(builder.has(b)).toBe(false);
    expect(builder.size).toBe(1);
    builder.build();
    expect(() => builder.add(b)).toThrow(/after build/);
  });

  it('addStem accepts issuable stems only', () => {
    const builder = new NhsNumberSetBuilder();
    expect(builder.addStem(943476591)).toBe(true);
    expect(() => builder.addStem(999000000)).toThrow(RangeError); // check value 10
    expect(() => builder.addStem(111111111)).toThrow(RangeError); // 1111111111 is a repdigit
    expect(() => builder.addStem(1e9)).toThrow(RangeError);
    expect(() => builder.addStem(1.5)).toThrow(RangeError);
    const set = builder.build();
    expect([...set]).toEqual(['9434765919']);
    expect(parseNhsNumber([...set][0] ?? '').ok).toBe(true);
  });
});
