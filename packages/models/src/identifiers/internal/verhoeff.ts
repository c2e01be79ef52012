/**
 * Verhoeff check-digit tables and arithmetic (dihedral group D5), used by SNOMED CT identifiers.
 * Not exported from the package; tests compare the derived tables with NHS-STANDARDS.md §2.2.
 */

/** Multiplication table d[j][k] of the dihedral group D5. */
export const VERHOEFF_MULTIPLICATION: readonly (readonly number[])[] = [
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

const IDENTITY: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The single permutation that generates the whole permutation table. */
const P1: readonly number[] = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];

const DIGIT_ZERO = 48;

/** Reads `row[index]`, which the callers guarantee exists (indices are digits 0-9). */
function pick(row: readonly number[] | undefined, index: number): number {
  const value = row?.[index];
  if (value === undefined) throw new RangeError('Verhoeff table index out of range');
  return value;
}

/** Derives p[0..7] from p[1] by p[k+1][j] = p[1][p[k][j]], with p[0] the identity. */
function derivePermutations(): readonly (readonly number[])[] {
  const rows: (readonly number[])[] = [IDENTITY, P1];
  let previous = P1;
  for (let k = 2; k < 8; k += 1) {
    const next = previous.map((value) => pick(P1, value));
    rows.push(next);
    previous = next;
  }
  return rows;
}

/** Permutation table p[i mod 8][digit]. */
export const VERHOEFF_PERMUTATION: readonly (readonly number[])[] = derivePermutations();

/** inv[j] is the k with d[j][k] = 0. */
export const VERHOEFF_INVERSE: readonly number[] = IDENTITY.map((j) =>
  IDENTITY.findIndex((k) => pick(VERHOEFF_MULTIPLICATION[j], k) === 0),
);

/**
 * Runs the Verhoeff accumulator over ASCII digits from the right, with permutation index
 * `i + shift` for the i-th digit from the right. Callers must pass digits only.
 */
function accumulate(digits: string, shift: number): number {
  let check = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - DIGIT_ZERO;
    const permuted = pick(VERHOEFF_PERMUTATION[(i + shift) % 8], digit);
    check = pick(VERHOEFF_MULTIPLICATION[check], permuted);
  }
  return check;
}

/** Whether a string of ASCII digits ends with a correct Verhoeff check digit. */
export function verhoeffValidates(digits: string): boolean {
  return accumulate(digits, 0) === 0;
}

/** The Verhoeff check digit for a payload of ASCII digits. */
export function verhoeffCheck(payload: string): number {
  return pick(VERHOEFF_INVERSE, accumulate(payload, 1));
}
