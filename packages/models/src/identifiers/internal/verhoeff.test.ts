import { describe, expect, it } from 'vitest';
import {
  VERHOEFF_INVERSE,
  VERHOEFF_MULTIPLICATION,
  VERHOEFF_PERMUTATION,
  verhoeffCheck,
  verhoeffValidates,
} from './verhoeff';

/** The tables exactly as printed in NHS-STANDARDS.md §2.2. */
const DOC_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const DOC_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const DOC_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

describe('Verhoeff tables', () => {
  it('has the multiplication table d of the doc', () => {
    expect(VERHOEFF_MULTIPLICATION).toEqual(DOC_D);
  });

  it('derives the permutation table p from p[1] exactly as the doc prints it', () => {
    expect(VERHOEFF_PERMUTATION).toEqual(DOC_P);
  });

  it('satisfies p[k+1][j] = p[1][p[k][j]] and cycles back to the identity after 8 steps', () => {
    const p1 = DOC_P[1] ?? [];
    for (let k = 0; k < 8; k += 1) {
      const row = VERHOEFF_PERMUTATION[k] ?? [];
      const next = VERHOEFF_PERMUTATION[(k + 1) % 8] ?? [];
      expect(row.map((value) => p1[value])).toEqual(next);
    }
  });

  it('derives the inverse table of the doc', () => {
    expect(VERHOEFF_INVERSE).toEqual(DOC_INV);
  });
});

describe('Verhoeff arithmetic', () => {
  it('validates a payload followed by its own check digit', () => {
    for (const payload of ['40468400', '7138800', '36378700', '82724100000010', '0', '12345']) {
      expect(verhoeffValidates(payload + String(verhoeffCheck(payload)))).toBe(true);
    }
  });

  it('gives the textbook check digit for 236 (3)', () => {
    expect(verhoeffCheck('236')).toBe(3);
    expect(verhoeffValidates('2363')).toBe(true);
  });
});
