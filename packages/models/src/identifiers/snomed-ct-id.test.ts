import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  adjacentTranspositions,
  failureMessage,
  singleDigitChanges,
  thrownBy,
} from './internal/test-helpers';
import { verhoeffValidates } from './internal/verhoeff';
import { IdentifierError } from './result';
import {
  SNOMED_CT_SYSTEM,
  assertSnomedCtId,
  describeSnomedCtId,
  formatSnomedCtId,
  isSnomedCtId,
  parseSnomedCtId,
  verhoeffCheckDigit,
} from './snomed-ct-id';
import type { SnomedCtPartition } from './snomed-ct-id';

/** Vectors from NHS-STANDARDS.md §2.2 (and SCTIDs quoted elsewhere in it). */
const VALID = [
  '404684003',
  '71388002',
  '363787002',
  '138875005',
  '22298006',
  '827241000000103',
  '1060971000000108',
] as const;
const ALSO_VALID = [
  '129125009',
  '105590001',
  '373873005',
  '716186003',
  '196461000000101',
  '196471000000108',
  '827261000000102',
  '881561000000100',
  '83821000000107',
  '1127551000000109',
  '736253002',
  '887701000000100',
  '861421000000109',
  '1363501000000100',
] as const;
const INVALID_CHECK = ['404684004', '827241000000104'] as const;

const PARTITIONS = ['00', '01', '02', '10', '11', '12'] as const;

/** A valid SCTID of any partition, built from a random item identifier. */
const validSctid = fc
  .tuple(fc.stringMatching(/^[1-9]\d{2,14}$/), fc.constantFrom(...PARTITIONS))
  .filter(([item, partition]) => partition.startsWith('0') || item.length >= 8)
  .map(([item, partition]) => {
    const payload = item + partition;
    return payload + String(verhoeffCheckDigit(payload));
  });

function withCheckDigit(payload: string): string {
  return payload + String(verhoeffCheckDigit(payload));
}

describe('parseSnomedCtId', () => {
  it.each([...VALID, ...ALSO_VALID])('accepts the valid SCTID %s', (input) => {
    expect(parseSnomedCtId(input)).toEqual({ ok: true, value: input });
  });

  it.each(INVALID_CHECK)('rejects the documented invalid vector %s with check-digit', (input) => {
    expect(parseSnomedCtId(input)).toMatchObject({ ok: false, code: 'check-digit' });
  });

  it('trims surrounding whitespace', () => {
    expect(parseSnomedCtId(' 404684003\n')).toEqual({ ok: true, value: '404684003' });
  });

  it.each([
    ['', 'empty'],
    [' ', 'empty'],
    ['404 684 003', 'format'],
    ['40468400X', 'format'],
    ['-404684003', 'format'],
    ['４０４６８４００３', 'format'],
    ['12345', 'length'],
    ['1234567890123456789', 'length'],
    ['0404684003', 'leading-zero'],
  ] as const)('rejects %j with %s', (input, code) => {
    expect(parseSnomedCtId(input)).toMatchObject({ ok: false, code });
  });

  it.each(['03', '04', '09', '13', '19', '20', '55', '99'])(
    'rejects partition identifier %s even with a correct check digit',
    (partition) => {
      const id = withCheckDigit(`1234567${partition}`);
      expect(verhoeffValidates(id)).toBe(true);
      expect(parseSnomedCtId(id)).toMatchObject({ ok: false, code: 'partition' });
    },
  );

  it.each(PARTITIONS)('accepts partition identifier %s', (partition) => {
    const id = withCheckDigit(`12345678${partition}`);
    expect(parseSnomedCtId(id).ok).toBe(true);
  });

  it('rejects a long-format identifier with no room for a 7-digit namespace', () => {
    // 10 digits with partition 10: item + namespace would be only 7 digits.
    const id = withCheckDigit('123456710');
    expect(parseSnomedCtId(id)).toMatchObject({ ok: false, code: 'length' });
    // 11 digits: one-digit item, namespace 1000000.
    expect(parseSnomedCtId(withCheckDigit('1100000010')).ok).toBe(true);
  });

  it.each([
    ['404684003', 'concept'],
    ['827241000000103', 'concept'],
    [withCheckDigit('12345601'), 'description'],
    [withCheckDigit('1234567100000012'), 'relationship'],
  ] as const)('accepts %s as the required partition %s', (input, partition) => {
    expect(parseSnomedCtId(input, { partition })).toEqual({ ok: true, value: input });
  });

  it.each([
    ['404684003', 'description', 'concept'],
    ['827241000000103', 'relationship', 'concept'],
    [withCheckDigit('12345601'), 'concept', 'description'],
    [withCheckDigit('12345602'), 'description', 'relationship'],
  ] as const)('rejects %s when the required partition is %s', (input, partition, actual) => {
    expect(parseSnomedCtId(input, { partition })).toEqual({
      ok: false,
      code: 'partition',
      message: `SNOMED CT identifier is a ${actual} identifier; expected a ${partition} identifier`,
    });
  });

  it('returns a type failure for non-string input from untyped callers', () => {
    const values: unknown[] = [undefined, null, 404684003, {}];
    for (const value of values) {
      expect(parseSnomedCtId(value as string)).toMatchObject({ ok: false, code: 'type' });
    }
  });

  test.prop([fc.string({ unit: 'binary' })])('never throws on arbitrary strings', (input) => {
    expect(typeof parseSnomedCtId(input).ok).toBe('boolean');
  });

  test.prop([fc.stringMatching(/^\d{1,20}$/)])(
    'never throws on arbitrary digit strings',
    (input) => {
      expect(typeof parseSnomedCtId(input).ok).toBe('boolean');
    },
  );

  test.prop([fc.anything()])('never throws on arbitrary values', (input) => {
    expect(() => parseSnomedCtId(input as string)).not.toThrow();
  });

  test.prop([validSctid])('accepts every generated valid SCTID, canonically', (id) => {
    expect(parseSnomedCtId(id)).toEqual({ ok: true, value: id });
    expect(isSnomedCtId(id)).toBe(true);
    expect(parseSnomedCtId(formatSnomedCtId(assertSnomedCtId(id)))).toEqual({
      ok: true,
      value: id,
    });
  });

  test.prop([validSctid])('catches every single-digit change of a valid SCTID', (id) => {
    for (const changed of singleDigitChanges(id)) {
      expect(verhoeffValidates(changed)).toBe(false);
      expect(parseSnomedCtId(changed).ok).toBe(false);
    }
  });

  test.prop([validSctid])('catches every adjacent transposition of a valid SCTID', (id) => {
    for (const swapped of adjacentTranspositions(id)) {
      expect(verhoeffValidates(swapped)).toBe(false);
      expect(parseSnomedCtId(swapped).ok).toBe(false);
    }
  });

  it('catches every single-digit change and adjacent transposition of the documented vectors', () => {
    for (const id of VALID) {
      const mutants = [...singleDigitChanges(id), ...adjacentTranspositions(id)];
      expect(mutants.length).toBeGreaterThanOrEqual(9 * id.length);
      for (const mutant of mutants) expect(parseSnomedCtId(mutant).ok).toBe(false);
    }
  });

  test.prop([fc.stringMatching(/^\d{3,25}$/)])(
    'never puts the input digits in a failure message',
    (input) => {
      expect(failureMessage(parseSnomedCtId(input))).not.toContain(input);
    },
  );
});

describe('assertSnomedCtId', () => {
  it('returns the SCTID', () => {
    expect(assertSnomedCtId('71388002', { partition: 'concept' })).toBe('71388002');
  });

  it('throws an IdentifierError with the failure code', () => {
    expect(() => assertSnomedCtId('404684004')).toThrow(IdentifierError);
    expect(
      thrownBy(() => assertSnomedCtId('404684003', { partition: 'description' })),
    ).toMatchObject({ name: 'IdentifierError', code: 'partition' });
  });
});

describe('isSnomedCtId', () => {
  it.each([...VALID])('is true for %s', (value) => {
    expect(isSnomedCtId(value)).toBe(true);
  });

  it.each([' 404684003', '404684004', '0404684003', 404684003, null])(
    'is false for %j',
    (value) => {
      expect(isSnomedCtId(value)).toBe(false);
    },
  );
});

describe('describeSnomedCtId', () => {
  it.each([
    ['404684003', { partition: 'concept', format: 'short' }],
    ['71388002', { partition: 'concept', format: 'short' }],
    ['827241000000103', { partition: 'concept', format: 'long', namespace: '1000000' }],
    ['1060971000000108', { partition: 'concept', format: 'long', namespace: '1000000' }],
    [withCheckDigit('12345601'), { partition: 'description', format: 'short' }],
    [withCheckDigit('12345602'), { partition: 'relationship', format: 'short' }],
    [
      withCheckDigit('123100000111'),
      { partition: 'description', format: 'long', namespace: '1000001' },
    ],
    [
      withCheckDigit('19876543' + '12'),
      { partition: 'relationship', format: 'long', namespace: '9876543' },
    ],
  ])('describes %s', (input, expected) => {
    const description = describeSnomedCtId(assertSnomedCtId(input));
    expect(description).toStrictEqual(expected);
  });

  it('has no namespace key at all for the short format', () => {
    expect('namespace' in describeSnomedCtId(assertSnomedCtId('404684003'))).toBe(false);
  });

  test.prop([validSctid])('agrees with the partition option of the parser', (id) => {
    const { partition } = describeSnomedCtId(assertSnomedCtId(id));
    const others: SnomedCtPartition[] = (
      ['concept', 'description', 'relationship'] as const
    ).filter((p) => p !== partition);
    expect(parseSnomedCtId(id, { partition }).ok).toBe(true);
    for (const other of others) expect(parseSnomedCtId(id, { partition: other }).ok).toBe(false);
  });
});

describe('verhoeffCheckDigit', () => {
  it.each([...VALID, ...ALSO_VALID])('recomputes the check digit of %s', (id) => {
    expect(verhoeffCheckDigit(id.slice(0, -1))).toBe(Number(id.slice(-1)));
  });

  it.each(['', '12a', ' 123', '１２３'])('throws a format IdentifierError for %j', (payload) => {
    const caught = thrownBy(() => verhoeffCheckDigit(payload));
    expect(caught).toBeInstanceOf(IdentifierError);
    expect(caught).toMatchObject({ name: 'IdentifierError', code: 'format' });
  });
});

describe('SNOMED_CT_SYSTEM', () => {
  it('is the SNOMED CT URI', () => {
    expect(SNOMED_CT_SYSTEM).toBe('http://snomed.info/sct');
  });
});
