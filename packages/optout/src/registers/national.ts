import type { NhsNumber } from '@lhcr/models';
import type { RecordedNationalOptOutState, RegisterReading } from '../decision/decide';
import { OptOutError } from '../errors';
import { parseFhirDateTime } from '../internal/dates';
import type { NhsNumberSet } from './nhs-number-set';

/**
 * A national data opt-out register: answers, for one NHS number, `opted-out`, `not-opted-out`
 * or `unknown` (the register does not cover the number), as of a date.
 *
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * const reading = register.lookup(nhsNumber); // { state: 'not-opted-out', registerId: 'mesh-0001', asOf: '2025-03-01' }
 * ```
 */
export interface NationalOptOutRegister {
  readonly kind: 'national-data-opt-out';
  /** A label for reports (a file name, a MESH message id); never patient data. */
  readonly id: string;
  /** The date (FHIR date or dateTime) the register's contents were true. */
  readonly asOf: string;
  lookup(nhsNumber: NhsNumber): RegisterReading<RecordedNationalOptOutState>;
}

/**
 * What a national register is built from. Every combination is well defined:
 *
 * - `cleared`: numbers known to have no opt-out (the cleaned list the Check for National Data
 *   Opt-outs service returns, or a temporary cache of it);
 * - `checked`: numbers that were sent for checking (the request file). A checked number missing
 *   from `cleared` has an opt-out;
 * - `optedOut`: numbers known to have an opt-out;
 * - `complete`: `optedOut` lists every opt-out there is (so any other number has none). Only
 *   set this for a list that really is complete; otherwise numbers outside the lists are
 *   `unknown` and fail closed for secondary uses.
 *
 * A number in both `optedOut` and `cleared` is `opted-out`.
 *
 * @example
 * ```ts
 * const source: NationalOptOutRegisterInput = { id: 'X26-010325-0001', asOf: '2025-03-01', checked: requestSet, cleared: responseSet };
 * ```
 */
export interface NationalOptOutRegisterInput {
  readonly id: string;
  readonly asOf: string;
  readonly cleared?: NhsNumberSet;
  readonly checked?: NhsNumberSet;
  readonly optedOut?: NhsNumberSet;
  readonly complete?: boolean;
}

/**
 * Builds a {@link NationalOptOutRegister} from sets of NHS numbers (see
 * {@link NationalOptOutRegisterInput} for what each set means).
 *
 * @throws {OptOutError} `config` when `asOf` is not a FHIR date or dateTime, when no set is
 * given, or when `complete` is set without `optedOut`.
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * const register = createNationalOptOutRegister({
 *   id: 'X26HC036-010325-0001',
 *   asOf: '2025-03-01',
 *   checked: NhsNumberSet.from(cohort),
 *   cleared: NhsNumberSet.from(cleanedList),
 * });
 * register.lookup(cohort[0]).state; // 'opted-out' when the service removed it
 * ```
 */
export function createNationalOptOutRegister(
  input: NationalOptOutRegisterInput,
): NationalOptOutRegister {
  if (parseFhirDateTime(input.asOf) === undefined) {
    throw new OptOutError(
      'config',
      `national register ${input.id}: asOf must be a FHIR date or dateTime (YYYY-MM-DD)`,
    );
  }
  const { cleared, checked, optedOut } = input;
  if (!cleared && !checked && !optedOut) {
    throw new OptOutError(
      'config',
      `national register ${input.id}: give at least one of cleared, checked, optedOut`,
    );
  }
  if (input.complete === true && !optedOut) {
    throw new OptOutError(
      'config',
      `national register ${input.id}: complete needs the list of opted-out numbers (optedOut)`,
    );
  }
  const base = { registerId: input.id, asOf: input.asOf };
  const optedOutReading = Object.freeze({ ...base, state: 'opted-out' as const });
  const removedReading = Object.freeze({
    ...base,
    state: 'opted-out' as const,
    detail: 'checked, and not in the cleaned list',
  });
  const clearReading = Object.freeze({ ...base, state: 'not-opted-out' as const });
  const unknownReading = Object.freeze({
    ...base,
    state: 'unknown' as const,
    detail: 'the register does not cover this NHS number',
  });
  const complete = input.complete === true;
  return {
    kind: 'national-data-opt-out',
    id: input.id,
    asOf: input.asOf,
    lookup(nhsNumber) {
      if (optedOut?.has(nhsNumber)) return optedOutReading;
      if (cleared?.has(nhsNumber)) return clearReading;
      if (checked?.has(nhsNumber)) {
        if (cleared && !optedOut) return removedReading;
        if (optedOut && !cleared) return clearReading;
        return unknownReading;
      }
      if (complete) return clearReading;
      return unknownReading;
    },
  };
}
