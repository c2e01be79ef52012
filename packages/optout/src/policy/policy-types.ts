import type {
  DataOrigin,
  Identifiability,
  LegalBasis,
  LocalDissentState,
  NationalOptOutState,
  NhsNumberPresence,
  Purpose,
  PurposeCategory,
  Type1State,
} from '../vocabulary';

/**
 * An opt-out policy: versioned data, evaluated as a first-match decision table. Write it in YAML
 * or JSON, check it with {@link parseOptOutPolicy}; the format is published as a JSON Schema in
 * `@lhcr/optout/schema/optout-policy.schema.json` and described in the package README.
 *
 * @see NHS-STANDARDS.md §3.2
 * @example
 * ```ts
 * const policy: OptOutPolicy = {
 *   id: 'region-x',
 *   version: '1.0.0',
 *   rules: [
 *     { id: 'direct-care', when: { purposeCategory: ['direct-care'] }, effect: 'permit', reasons: ['Direct care.'] },
 *     { id: 'otherwise', effect: 'deny', reasons: ['Not allowed by this policy.'] },
 *   ],
 * };
 * ```
 */
export interface OptOutPolicy {
  /** Optional link to the JSON Schema, for editors. */
  readonly $schema?: string;
  /** A stable identifier: lower-case letters, digits, dots and dashes. */
  readonly id: string;
  /** A semantic version (`1.2.0`). Decisions report the id and version that made them. */
  readonly version: string;
  readonly title?: string;
  readonly description?: string;
  /** How old each register may be before its states count as `stale`. */
  readonly registers?: PolicyRegisterSettings;
  /** The decision table, in first-match order. */
  readonly rules: readonly PolicyRule[];
}

/**
 * The maximum age, in whole days between a register's as-of date and the decision date, after
 * which the policy treats the register's states as `stale`. Absent means no limit.
 *
 * @example
 * ```ts
 * const settings: PolicyRegisterSettings = { nationalOptOut: { maxAgeDays: 30 } };
 * ```
 */
export interface PolicyRegisterSettings {
  readonly nationalOptOut?: RegisterAgeLimit;
  readonly type1?: RegisterAgeLimit;
  readonly localDissent?: RegisterAgeLimit;
}

/**
 * One register's age limit.
 *
 * @example
 * ```ts
 * const limit: RegisterAgeLimit = { maxAgeDays: 30 };
 * ```
 */
export interface RegisterAgeLimit {
  readonly maxAgeDays: number;
}

/**
 * `permit` or `deny`.
 *
 * @example
 * ```ts
 * const effect: PolicyEffect = 'deny';
 * ```
 */
export type PolicyEffect = 'permit' | 'deny';

/**
 * One row of the decision table. It matches when its `when` matches (a condition, or a list of
 * conditions any one of which may match; absent means always), and then decides with `effect`,
 * explained by `reasons` (templates: see {@link REASON_PLACEHOLDERS}).
 *
 * @example
 * ```ts
 * const rule: PolicyRule = {
 *   id: 'ndop-opted-out',
 *   when: { purposeCategory: ['secondary'], nationalOptOut: ['opted-out'] },
 *   effect: 'deny',
 *   reasons: ['The patient has a national data opt-out (register as of {nationalOptOut.asOf}).'],
 * };
 * ```
 */
export interface PolicyRule {
  readonly id: string;
  readonly description?: string;
  /** Where the rule comes from (`NHS-STANDARDS.md §3.2 row 12`, a guidance URL). */
  readonly references?: readonly string[];
  readonly when?: RuleCondition | readonly RuleCondition[];
  readonly effect: PolicyEffect;
  readonly reasons: readonly string[];
}

/**
 * A conjunction: every listed field must hold, and a field holds when the request's or the
 * patient's value is one of those listed. An empty condition matches everything.
 *
 * - `purposeOfUse` matches a request whose v3 code is listed or has a listed ancestor;
 * - `date` bounds the decision date (`onOrAfter` inclusive, `before` exclusive).
 *
 * @example
 * ```ts
 * const condition: RuleCondition = { purposeCategory: ['secondary'], basis: ['explicit-consent'] };
 * ```
 */
export interface RuleCondition {
  readonly purpose?: readonly Purpose[];
  readonly purposeCategory?: readonly PurposeCategory[];
  readonly purposeOfUse?: readonly string[];
  readonly basis?: readonly LegalBasis[];
  readonly identifiability?: readonly Identifiability[];
  readonly origin?: readonly DataOrigin[];
  readonly nhsNumber?: readonly NhsNumberPresence[];
  readonly nationalOptOut?: readonly NationalOptOutState[];
  readonly type1?: readonly Type1State[];
  readonly localDissent?: readonly LocalDissentState[];
  readonly date?: { readonly onOrAfter?: string; readonly before?: string };
}

/**
 * The placeholders a rule's reasons may use, filled from the request and the registers consulted.
 * A register value is `none` when no register was given.
 *
 * @example
 * ```ts
 * REASON_PLACEHOLDERS.includes('nationalOptOut.asOf'); // true
 * ```
 */
export const REASON_PLACEHOLDERS = [
  'purpose',
  'purposeOfUse',
  'basis',
  'identifiability',
  'origin',
  'date',
  'nhsNumber',
  'nationalOptOut',
  'nationalOptOut.asOf',
  'nationalOptOut.register',
  'nationalOptOut.maxAgeDays',
  'type1',
  'type1.asOf',
  'type1.since',
  'type1.register',
  'type1.maxAgeDays',
  'localDissent',
  'localDissent.asOf',
  'localDissent.since',
  'localDissent.register',
  'localDissent.maxAgeDays',
] as const;

/**
 * One of {@link REASON_PLACEHOLDERS}.
 *
 * @example
 * ```ts
 * const name: ReasonPlaceholder = 'type1.since';
 * ```
 */
export type ReasonPlaceholder = (typeof REASON_PLACEHOLDERS)[number];
