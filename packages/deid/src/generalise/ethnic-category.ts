import { UK_CORE_CODE_SYSTEMS } from '@lhcr/models';

/**
 * The code system of the broad ethnic groups lhcr generalises the England ethnic category to.
 *
 * @example
 * ```ts
 * const coding = { system: ETHNIC_GROUP_SYSTEM, code: 'asian' };
 * ```
 */
export const ETHNIC_GROUP_SYSTEM = 'https://lhcr.github.io/fhir/deid/CodeSystem/ethnic-group';

/**
 * The broad groups of the NHS England ethnic category codes (NHS Data Model and Dictionary,
 * ETHNIC CATEGORY): White (A-C), Mixed (D-G), Asian or Asian British (H-L), Black or Black
 * British (M-P), Other (R, S), not stated (Z), not known (99).
 *
 * @example
 * ```ts
 * ETHNIC_GROUPS.H; // 'asian'
 * ```
 */
export const ETHNIC_GROUPS: Readonly<Record<string, string>> = {
  A: 'white',
  B: 'white',
  C: 'white',
  D: 'mixed',
  E: 'mixed',
  F: 'mixed',
  G: 'mixed',
  H: 'asian',
  J: 'asian',
  K: 'asian',
  L: 'asian',
  M: 'black',
  N: 'black',
  P: 'black',
  R: 'other',
  S: 'other',
  Z: 'not-stated',
  '99': 'not-known',
};

/**
 * Generalises an England ethnic category code (`https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland`)
 * to its broad group; a code lhcr does not know gives `undefined` (removed). Codes are matched
 * on their first character, so local sub-codes (`A1`) fall in their group.
 *
 * @example
 * ```ts
 * ethnicGroupOf('H'); // 'asian'
 * ethnicGroupOf('99'); // 'not-known'
 * ethnicGroupOf('Q'); // undefined
 * ```
 */
export function ethnicGroupOf(code: string): string | undefined {
  if (code === '99') return ETHNIC_GROUPS['99'];
  return ETHNIC_GROUPS[code.charAt(0)];
}

/** The England ethnic category code system (re-exported for the transform). */
export const ETHNIC_CATEGORY_SYSTEM = UK_CORE_CODE_SYSTEMS.ethnicCategoryEngland;
