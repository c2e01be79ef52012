import { PURPOSE_OF_USE_CODES, V3_ACT_REASON_SYSTEM } from './generated/purpose-of-use';

export { V3_ACT_REASON_SYSTEM };

/**
 * The purposes of use an opt-out decision is asked about. Each maps to one HL7 v3 PurposeOfUse
 * code ({@link PURPOSES}); HL7 codes are accepted as input too ({@link parsePurpose}).
 *
 * @example
 * ```ts
 * PURPOSE_CODES.includes('research'); // true
 * ```
 */
export const PURPOSE_CODES = [
  'direct-care',
  'emergency-care',
  'research',
  'planning',
  'commissioning',
  'invoice-validation',
  'public-health',
  'population-health',
  'clinical-audit',
] as const;

/**
 * One of {@link PURPOSE_CODES}.
 *
 * @example
 * ```ts
 * const purpose: Purpose = 'planning';
 * ```
 */
export type Purpose = (typeof PURPOSE_CODES)[number];

/**
 * `direct-care` (the individual's own care) or `secondary` (any purpose beyond it). The national
 * data opt-out and Type 1 never apply to `direct-care`; local dissent applies only to it.
 *
 * @example
 * ```ts
 * const category: PurposeCategory = PURPOSES.research.category; // 'secondary'
 * ```
 */
export type PurposeCategory = 'direct-care' | 'secondary';

/**
 * The two purpose categories.
 *
 * @example
 * ```ts
 * PURPOSE_CATEGORIES; // ['direct-care', 'secondary']
 * ```
 */
export const PURPOSE_CATEGORIES = ['direct-care', 'secondary'] as const;

/**
 * What one purpose means, its category and the HL7 v3 PurposeOfUse code it maps to
 * (http://terminology.hl7.org/CodeSystem/v3-ActReason).
 *
 * @example
 * ```ts
 * const info: PurposeInfo = PURPOSES['invoice-validation']; // { category: 'secondary', purposeOfUse: 'HPAYMT', ... }
 * ```
 */
export interface PurposeInfo {
  readonly category: PurposeCategory;
  readonly purposeOfUse: string;
  readonly display: string;
}

/**
 * The lhcr purposes and their HL7 v3 PurposeOfUse mapping:
 *
 * | purpose | category | v3 | note |
 * | --- | --- | --- | --- |
 * | direct-care | direct-care | TREAT | includes COC, CLINTRL |
 * | emergency-care | direct-care | ETREAT | includes BTG, ERTREAT |
 * | research | secondary | HRESCH | and its children |
 * | planning | secondary | HOPERAT | healthcare operations, the default for its children |
 * | commissioning | secondary | HOPERAT | no narrower v3 code exists |
 * | invoice-validation | secondary | HPAYMT | and its children |
 * | public-health | secondary | PUBHLTH | and DISASTER, THREAT |
 * | population-health | secondary | POPHLTH | v3 files it under TREAT; NHS-STANDARDS §3.2 leaves risk stratification undecided, so lhcr fails closed and treats it as secondary unless a flow is judged direct care |
 * | clinical-audit | secondary | HQUALIMP | and HOUTCOMS, PERFMSR, HACCRED, HCOMPL |
 *
 * @see NHS-STANDARDS.md §3.1, §3.2
 * @example
 * ```ts
 * PURPOSES.research.purposeOfUse; // 'HRESCH'
 * ```
 */
export const PURPOSES: Readonly<Record<Purpose, PurposeInfo>> = {
  'direct-care': { category: 'direct-care', purposeOfUse: 'TREAT', display: 'Direct care' },
  'emergency-care': {
    category: 'direct-care',
    purposeOfUse: 'ETREAT',
    display: 'Emergency direct care',
  },
  research: { category: 'secondary', purposeOfUse: 'HRESCH', display: 'Research' },
  planning: { category: 'secondary', purposeOfUse: 'HOPERAT', display: 'Planning' },
  commissioning: { category: 'secondary', purposeOfUse: 'HOPERAT', display: 'Commissioning' },
  'invoice-validation': {
    category: 'secondary',
    purposeOfUse: 'HPAYMT',
    display: 'Invoice validation',
  },
  'public-health': { category: 'secondary', purposeOfUse: 'PUBHLTH', display: 'Public health' },
  'population-health': {
    category: 'secondary',
    purposeOfUse: 'POPHLTH',
    display: 'Population health management',
  },
  'clinical-audit': {
    category: 'secondary',
    purposeOfUse: 'HQUALIMP',
    display: 'Clinical audit and quality improvement',
  },
};

/** v3 codes that map to a purpose other than their nearest mapped ancestor's. */
const V3_TO_PURPOSE: Readonly<Record<string, Purpose>> = {
  TREAT: 'direct-care',
  ETREAT: 'emergency-care',
  POPHLTH: 'population-health',
  HRESCH: 'research',
  HOPERAT: 'planning',
  HQUALIMP: 'clinical-audit',
  HOUTCOMS: 'clinical-audit',
  PERFMSR: 'clinical-audit',
  HACCRED: 'clinical-audit',
  HCOMPL: 'clinical-audit',
  HPAYMT: 'invoice-validation',
  PUBHLTH: 'public-health',
};

/**
 * The lhcr purpose for an HL7 v3 PurposeOfUse code: the code itself or its nearest ancestor in
 * the v3-ActReason hierarchy that {@link PURPOSES} maps. `undefined` for codes outside the
 * PurposeOfUse branch and for branches no opt-out rule covers (HMARKT, PATRQT and children).
 *
 * @example
 * ```ts
 * purposeForPurposeOfUse('CLINTRCH'); // 'research' (child of HRESCH)
 * purposeForPurposeOfUse('BTG'); // 'emergency-care'
 * purposeForPurposeOfUse('HMARKT'); // undefined
 * ```
 */
export function purposeForPurposeOfUse(code: string): Purpose | undefined {
  let current: string | undefined = code;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    const mapped = V3_TO_PURPOSE[current];
    if (mapped !== undefined) return mapped;
    current = Object.hasOwn(PURPOSE_OF_USE_CODES, current)
      ? PURPOSE_OF_USE_CODES[current]?.parent
      : undefined;
  }
  return undefined;
}

/**
 * A purpose as given by the caller: the lhcr purpose and the v3 PurposeOfUse code reported with
 * decisions (the caller's own v3 code when one was given, else the purpose's mapping).
 *
 * @example
 * ```ts
 * const parsed: ResolvedPurpose = { purpose: 'research', purposeOfUse: 'CLINTRCH' };
 * ```
 */
export interface ResolvedPurpose {
  readonly purpose: Purpose;
  readonly purposeOfUse: string;
}

/**
 * The result of a `parseX` vocabulary function.
 *
 * @example
 * ```ts
 * const result: VocabularyResult<Purpose> = { ok: false, message: 'unknown purpose' };
 * ```
 */
export type VocabularyResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const PURPOSE_SET = new Set<string>(PURPOSE_CODES);

/**
 * Parses a purpose of use: an lhcr purpose (`research`), an HL7 v3 PurposeOfUse code (`HRESCH`,
 * any case) or a token `http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH`.
 *
 * @example
 * ```ts
 * parsePurpose('research'); // { ok: true, value: { purpose: 'research', purposeOfUse: 'HRESCH' } }
 * parsePurpose('etreat'); // { ok: true, value: { purpose: 'emergency-care', purposeOfUse: 'ETREAT' } }
 * parsePurpose('HMARKT'); // { ok: false, message: '...' }
 * ```
 */
export function parsePurpose(input: string): VocabularyResult<ResolvedPurpose> {
  const text = input.trim();
  if (PURPOSE_SET.has(text)) {
    const purpose = text as Purpose;
    return { ok: true, value: { purpose, purposeOfUse: PURPOSES[purpose].purposeOfUse } };
  }
  const bar = text.lastIndexOf('|');
  if (bar >= 0 && text.slice(0, bar) !== V3_ACT_REASON_SYSTEM) {
    return {
      ok: false,
      message: `purpose code system must be ${V3_ACT_REASON_SYSTEM}`,
    };
  }
  const code = (bar >= 0 ? text.slice(bar + 1) : text).toUpperCase();
  if (!Object.hasOwn(PURPOSE_OF_USE_CODES, code)) {
    return {
      ok: false,
      message: `unknown purpose; expected one of ${PURPOSE_CODES.join(', ')} or an HL7 v3 PurposeOfUse code such as TREAT, HRESCH, HOPERAT, HPAYMT, PUBHLTH`,
    };
  }
  const purpose = purposeForPurposeOfUse(code);
  if (purpose === undefined) {
    return {
      ok: false,
      message: `HL7 purpose of use ${code} is not one opt-out policies decide (marketing and patient-requested disclosures are out of scope)`,
    };
  }
  return { ok: true, value: { purpose, purposeOfUse: code } };
}

/**
 * The legal bases and exemptions a decision can be asked about (NHS-STANDARDS.md §3.2):
 *
 * - `none`: no exemption claimed (the default);
 * - `explicit-consent`: explicit consent for this specific use (row 3);
 * - `legal-requirement`: court order or statutory duty (row 4);
 * - `overriding-public-interest`: a documented overriding public interest test (row 5);
 * - `public-health-copi-reg3`: communicable disease and public-health risk under COPI reg 3 (row 6);
 * - `national-registration-service`: NCRAS or NCARDRS (row 7);
 * - `official-statistics-ons`: official statistics to ONS (row 8);
 * - `invoice-validation`: non-contracted invoice validation (CAG 7-07(a-c)/2013) or NHSBSA
 *   prescription charges (reg 18A) (row 9);
 * - `patient-survey-pre-april-2019`: national patient experience surveys sent before April 2019 (row 10);
 * - `no-nhs-number-disproportionate-effort`: no NHS number, and getting one is disproportionate (row 11);
 * - `anonymised-ico`: anonymised in line with the ICO code (row 2);
 * - `s251-standard-condition`: s251 support (COPI reg 2 or 5) with the standard condition (row 12);
 * - `s251-cag-exempt`: s251 support where CAG exempted the flow from the standard condition;
 * - `other`: any other basis for research or planning (row 13).
 *
 * @see NHS-STANDARDS.md §3.1, §3.2
 * @example
 * ```ts
 * LEGAL_BASES.includes('explicit-consent'); // true
 * ```
 */
export const LEGAL_BASES = [
  'none',
  'explicit-consent',
  'legal-requirement',
  'overriding-public-interest',
  'public-health-copi-reg3',
  'national-registration-service',
  'official-statistics-ons',
  'invoice-validation',
  'patient-survey-pre-april-2019',
  'no-nhs-number-disproportionate-effort',
  'anonymised-ico',
  's251-standard-condition',
  's251-cag-exempt',
  'other',
] as const;

/**
 * One of {@link LEGAL_BASES}.
 *
 * @example
 * ```ts
 * const basis: LegalBasis = 's251-standard-condition';
 * ```
 */
export type LegalBasis = (typeof LEGAL_BASES)[number];

/**
 * How identifiable the data is. `pseudonymised` data is still confidential patient information
 * for whoever can re-identify it, so the national data opt-out treats it like `identifiable`.
 *
 * @example
 * ```ts
 * IDENTIFIABILITY_LEVELS; // ['identifiable', 'pseudonymised', 'anonymised']
 * ```
 */
export const IDENTIFIABILITY_LEVELS = ['identifiable', 'pseudonymised', 'anonymised'] as const;

/**
 * One of {@link IDENTIFIABILITY_LEVELS}.
 *
 * @example
 * ```ts
 * const level: Identifiability = 'pseudonymised';
 * ```
 */
export type Identifiability = (typeof IDENTIFIABILITY_LEVELS)[number];

/**
 * Where the data came from, for Type 1: `gp-practice` (GP-originated, including mixed extracts
 * holding GP data), `non-gp`, or `unknown` (treated like GP data by the default policy: fail closed).
 *
 * @example
 * ```ts
 * DATA_ORIGINS.includes('gp-practice'); // true
 * ```
 */
export const DATA_ORIGINS = ['gp-practice', 'non-gp', 'unknown'] as const;

/**
 * One of {@link DATA_ORIGINS}.
 *
 * @example
 * ```ts
 * const origin: DataOrigin = 'non-gp';
 * ```
 */
export type DataOrigin = (typeof DATA_ORIGINS)[number];

/**
 * Whether the patient's NHS number is known: `present`, `absent` (the record has none) or
 * `unresolved` (the record points at a patient lhcr could not resolve).
 *
 * @example
 * ```ts
 * const state: NhsNumberPresence = 'absent';
 * ```
 */
export type NhsNumberPresence = 'present' | 'absent' | 'unresolved';

/**
 * The values of {@link NhsNumberPresence}.
 *
 * @example
 * ```ts
 * NHS_NUMBER_PRESENCE.includes('absent'); // true
 * ```
 */
export const NHS_NUMBER_PRESENCE = ['present', 'absent', 'unresolved'] as const;

/**
 * A patient's national data opt-out state as a policy sees it: `stale` when the register is older
 * than the policy's maximum age, `unknown` when no register covers the patient.
 *
 * @example
 * ```ts
 * NATIONAL_OPT_OUT_STATES.includes('stale'); // true
 * ```
 */
export const NATIONAL_OPT_OUT_STATES = ['opted-out', 'not-opted-out', 'unknown', 'stale'] as const;

/**
 * One of {@link NATIONAL_OPT_OUT_STATES}.
 *
 * @example
 * ```ts
 * const state: NationalOptOutState = 'opted-out';
 * ```
 */
export type NationalOptOutState = (typeof NATIONAL_OPT_OUT_STATES)[number];

/**
 * A patient's Type 1 (GP objection) state: from the latest-dated objection or withdrawal code.
 *
 * @example
 * ```ts
 * TYPE1_STATES.includes('objection'); // true
 * ```
 */
export const TYPE1_STATES = ['objection', 'no-objection', 'unknown', 'stale'] as const;

/**
 * One of {@link TYPE1_STATES}.
 *
 * @example
 * ```ts
 * const state: Type1State = 'no-objection';
 * ```
 */
export type Type1State = (typeof TYPE1_STATES)[number];

/**
 * A patient's local dissent state (objection to sharing through the shared care record).
 *
 * @example
 * ```ts
 * LOCAL_DISSENT_STATES.includes('dissent'); // true
 * ```
 */
export const LOCAL_DISSENT_STATES = ['dissent', 'no-dissent', 'unknown', 'stale'] as const;

/**
 * One of {@link LOCAL_DISSENT_STATES}.
 *
 * @example
 * ```ts
 * const state: LocalDissentState = 'dissent';
 * ```
 */
export type LocalDissentState = (typeof LOCAL_DISSENT_STATES)[number];

/**
 * The three registers a decision can consult.
 *
 * @example
 * ```ts
 * REGISTER_KINDS; // ['national-data-opt-out', 'type-1', 'local-dissent']
 * ```
 */
export const REGISTER_KINDS = ['national-data-opt-out', 'type-1', 'local-dissent'] as const;

/**
 * One of {@link REGISTER_KINDS}.
 *
 * @example
 * ```ts
 * const kind: RegisterKind = 'type-1';
 * ```
 */
export type RegisterKind = (typeof REGISTER_KINDS)[number];

function parseFrom<T extends string>(
  values: readonly T[],
  what: string,
  input: string,
): VocabularyResult<T> {
  const text = input.trim();
  const found = values.find((value) => value === text);
  if (found !== undefined) return { ok: true, value: found };
  return { ok: false, message: `unknown ${what}; expected one of ${values.join(', ')}` };
}

/**
 * Parses a legal basis code ({@link LEGAL_BASES}).
 *
 * @example
 * ```ts
 * parseLegalBasis('explicit-consent'); // { ok: true, value: 'explicit-consent' }
 * ```
 */
export function parseLegalBasis(input: string): VocabularyResult<LegalBasis> {
  return parseFrom(LEGAL_BASES, 'legal basis', input);
}

/**
 * Parses an identifiability level ({@link IDENTIFIABILITY_LEVELS}).
 *
 * @example
 * ```ts
 * parseIdentifiability('anonymised'); // { ok: true, value: 'anonymised' }
 * ```
 */
export function parseIdentifiability(input: string): VocabularyResult<Identifiability> {
  return parseFrom(IDENTIFIABILITY_LEVELS, 'identifiability', input);
}

/**
 * Parses a data origin ({@link DATA_ORIGINS}).
 *
 * @example
 * ```ts
 * parseDataOrigin('gp-practice'); // { ok: true, value: 'gp-practice' }
 * ```
 */
export function parseDataOrigin(input: string): VocabularyResult<DataOrigin> {
  return parseFrom(DATA_ORIGINS, 'data origin', input);
}
