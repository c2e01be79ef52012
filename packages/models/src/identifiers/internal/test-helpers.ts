/**
 * Helpers shared by the identifier tests. Test-only: nothing in the package imports this module.
 */
import type { IdentifierResult } from '../result';

/** The failure message of a result, or '' for a success (so tests need no conditional expect). */
export function failureMessage(result: IdentifierResult<unknown>): string {
  return result.ok ? '' : result.message;
}

/** Runs `action` and returns what it threw, or `undefined` when it did not throw. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Every string that differs from `digits` in exactly one digit. */
export function singleDigitChanges(digits: string): string[] {
  const changes: string[] = [];
  for (let position = 0; position < digits.length; position += 1) {
    for (let digit = 0; digit <= 9; digit += 1) {
      const replacement = String(digit);
      if (replacement === digits.charAt(position)) continue;
      changes.push(digits.slice(0, position) + replacement + digits.slice(position + 1));
    }
  }
  return changes;
}

/** Every string made by swapping two adjacent, different digits of `digits`. */
export function adjacentTranspositions(digits: string): string[] {
  const swaps: string[] = [];
  for (let position = 0; position + 1 < digits.length; position += 1) {
    const left = digits.charAt(position);
    const right = digits.charAt(position + 1);
    if (left === right) continue;
    swaps.push(digits.slice(0, position) + right + left + digits.slice(position + 2));
  }
  return swaps;
}

/** A small seeded PRNG (mulberry32) returning numbers in [0, 1), for reproducible generators. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
