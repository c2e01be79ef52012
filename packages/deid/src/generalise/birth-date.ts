import { ageOn, truncateDate } from './dates';

/**
 * How a birth date is generalised (the policy's `quasiIdentifiers.birthDate`).
 *
 * @example
 * ```ts
 * const rule: BirthDateRule = { method: 'age-band', bandYears: 5, topBandFrom: 90 };
 * ```
 */
export interface BirthDateRule {
  readonly method: 'year' | 'age-band' | 'remove';
  readonly bandYears?: number;
  readonly topBandFrom?: number;
}

/**
 * A generalised birth date: the `year`, an age band in whole years at the extract date
 * (`high` absent for the top band), or nothing.
 *
 * @example
 * ```ts
 * const band: GeneralisedBirthDate = { kind: 'age-band', low: 50, high: 54 };
 * ```
 */
export type GeneralisedBirthDate =
  | { readonly kind: 'year'; readonly year: string }
  | { readonly kind: 'age-band'; readonly low: number; readonly high?: number }
  | { readonly kind: 'removed' };

const REMOVED: GeneralisedBirthDate = Object.freeze({ kind: 'removed' });

/**
 * Generalises a birth date: to its year, or to an age band at `extractDate` (bands of
 * `bandYears` starting at 0; every age from `topBandFrom` on shares one open band), or removes
 * it. A value that is not a date, or a birth after the extract date, is removed.
 *
 * @see NHS-STANDARDS.md §5 (DOB → year/band)
 * @example
 * ```ts
 * generaliseBirthDate('1970-03-01', { method: 'year' }, '2025-03-01'); // { kind: 'year', year: '1970' }
 * generaliseBirthDate('1970-03-01', { method: 'age-band', bandYears: 5 }, '2025-03-01'); // { kind: 'age-band', low: 55, high: 59 }
 * generaliseBirthDate('1930-01-01', { method: 'age-band', bandYears: 5, topBandFrom: 90 }, '2025-03-01'); // { kind: 'age-band', low: 90 }
 * ```
 */
export function generaliseBirthDate(
  birthDate: string,
  rule: BirthDateRule,
  extractDate: string,
): GeneralisedBirthDate {
  switch (rule.method) {
    case 'remove':
      return REMOVED;
    case 'year': {
      const year = truncateDate(birthDate, 'year');
      return year === undefined ? REMOVED : { kind: 'year', year };
    }
    case 'age-band': {
      const age = ageOn(birthDate, extractDate);
      const width = rule.bandYears ?? 5;
      if (age === undefined || age < 0 || !(width >= 1)) return REMOVED;
      const top = rule.topBandFrom;
      if (top !== undefined && age >= top) return { kind: 'age-band', low: top };
      const low = Math.floor(age / width) * width;
      const high = low + width - 1;
      return { kind: 'age-band', low, high: top === undefined ? high : Math.min(high, top - 1) };
    }
  }
}
