import { SNOMED_CT_SYSTEM } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { resourcePatients } from '../bulk/patient-references';
import type { RecordedType1State, RegisterReading } from '../decision/decide';
import { OptOutError } from '../errors';
import { parseFhirDateTime } from '../internal/dates';
import { NhsNumberSetBuilder } from './nhs-number-set';
import type { NhsNumberSet } from './nhs-number-set';
import type { PatientLookup } from './patient-identity';

/**
 * The Read version 2 code system URI.
 *
 * @example
 * ```ts
 * const coding = { system: READ_V2_SYSTEM, code: '9Nu0.' };
 * ```
 */
export const READ_V2_SYSTEM = 'http://read.info/readv2';

/**
 * The Clinical Terms Version 3 (CTV3) code system URI.
 *
 * @example
 * ```ts
 * const coding = { system: CTV3_SYSTEM, code: 'XaZ89' };
 * ```
 */
export const CTV3_SYSTEM = 'http://read.info/ctv3';

/**
 * What a Type 1 code records: an `objection` to GP-held identifiable data leaving the practice
 * for purposes beyond direct care, or the `withdrawal` of that objection.
 *
 * @example
 * ```ts
 * const meaning: Type1Meaning = 'withdrawal';
 * ```
 */
export type Type1Meaning = 'objection' | 'withdrawal';

/**
 * One code that records a Type 1 objection or its withdrawal.
 *
 * @example
 * ```ts
 * const code: Type1Code = TYPE1_CODES[0];
 * ```
 */
export interface Type1Code {
  readonly system: string;
  readonly code: string;
  readonly meaning: Type1Meaning;
  readonly display: string;
  /** Set when the code is not confirmed against a primary source. */
  readonly unconfirmed?: true;
}

/**
 * The codes that record a Type 1 objection and its withdrawal, in SNOMED CT, Read v2 and CTV3.
 * The withdrawal codes are marked `UNCERTAIN` in NHS-STANDARDS.md §3.4 and the CTV3 withdrawal
 * code `XaZ8A` is not confirmed there at all: all three are flagged `unconfirmed`. The Type 2
 * codes (881561000000100 / 9Nu4 / XaaVL) are retired and deliberately not listed.
 *
 * @see NHS-STANDARDS.md §3.4
 * @example
 * ```ts
 * TYPE1_CODES.filter((code) => code.meaning === 'objection').map((code) => code.code);
 * // ['827241000000103', '9Nu0', 'XaZ89']
 * ```
 */
export const TYPE1_CODES: readonly Type1Code[] = [
  {
    system: SNOMED_CT_SYSTEM,
    code: '827241000000103',
    meaning: 'objection',
    display: 'Dissent from secondary use of general practitioner patient identifiable data',
  },
  {
    system: SNOMED_CT_SYSTEM,
    code: '827261000000102',
    meaning: 'withdrawal',
    display:
      'Dissent withdrawn for secondary use of general practitioner patient identifiable data',
    unconfirmed: true,
  },
  {
    system: READ_V2_SYSTEM,
    code: '9Nu0',
    meaning: 'objection',
    display: 'Dissent from secondary use of GP patient identifiable data',
  },
  {
    system: READ_V2_SYSTEM,
    code: '9Nu1',
    meaning: 'withdrawal',
    display: 'Dissent withdrawn for secondary use of GP patient identifiable data',
    unconfirmed: true,
  },
  {
    system: CTV3_SYSTEM,
    code: 'XaZ89',
    meaning: 'objection',
    display: 'Dissent from secondary use of GP patient identifiable data',
  },
  {
    system: CTV3_SYSTEM,
    code: 'XaZ8A',
    meaning: 'withdrawal',
    display: 'Dissent withdrawn for secondary use of GP patient identifiable data',
    unconfirmed: true,
  },
];

const BY_SYSTEM = new Map<string, Map<string, Type1Meaning>>();
const BY_CODE = new Map<string, Type1Meaning>();
for (const entry of TYPE1_CODES) {
  let codes = BY_SYSTEM.get(entry.system);
  if (!codes) {
    codes = new Map();
    BY_SYSTEM.set(entry.system, codes);
  }
  codes.set(entry.code, entry.meaning);
  BY_CODE.set(entry.code, entry.meaning);
}

/** Read v2 codes are five characters, dot-padded, optionally followed by a two-digit term code. */
function normaliseReadCode(code: string): string {
  const withoutTerm = code.length === 7 && /^\d{2}$/.test(code.slice(5)) ? code.slice(0, 5) : code;
  return withoutTerm.replace(/\.+$/, '');
}

/**
 * What a coding means for Type 1, if anything. Read v2 codes are matched with or without their
 * dot padding and term code (`9Nu0`, `9Nu0.`, `9Nu0.00`); a coding without a system matches on
 * the code alone.
 *
 * @see NHS-STANDARDS.md §3.4
 * @example
 * ```ts
 * type1MeaningOf({ system: 'http://snomed.info/sct', code: '827241000000103' }); // 'objection'
 * type1MeaningOf({ system: 'http://read.info/readv2', code: '9Nu1.' }); // 'withdrawal'
 * type1MeaningOf({ system: 'http://snomed.info/sct', code: '22298006' }); // undefined
 * ```
 */
export function type1MeaningOf(coding: {
  readonly system?: unknown;
  readonly code?: unknown;
}): Type1Meaning | undefined {
  if (typeof coding.code !== 'string') return undefined;
  const code = coding.code.trim();
  if (coding.system === undefined) return BY_CODE.get(normaliseReadCode(code));
  if (typeof coding.system !== 'string') return undefined;
  const codes = BY_SYSTEM.get(coding.system);
  if (!codes) return undefined;
  return codes.get(coding.system === READ_V2_SYSTEM ? normaliseReadCode(code) : code);
}

/**
 * One dated Type 1 code from a GP record. `date` is a FHIR date or dateTime; an undated code
 * counts as older than every dated one.
 *
 * @example
 * ```ts
 * const evidence: Type1Evidence = { meaning: 'objection', date: '2019-06-12' };
 * ```
 */
export interface Type1Evidence {
  readonly meaning: Type1Meaning;
  readonly date?: string;
}

/**
 * A patient's Type 1 state on a date: the latest-dated code on or before the date wins; when
 * the latest date has both an objection and a withdrawal, the objection wins (the safer
 * reading). Codes dated after the decision date are ignored; with no code the state is
 * `no-objection`.
 *
 * @see NHS-STANDARDS.md §3.4
 * @example
 * ```ts
 * type1StateOf([{ meaning: 'objection', date: '2018-01-05' }, { meaning: 'withdrawal', date: '2021-03-02' }], '2025-01-01');
 * // { state: 'no-objection', since: '2021-03-02', detail: 'latest Type 1 code is a withdrawal' }
 * ```
 */
export function type1StateOf(
  evidence: readonly Type1Evidence[],
  date: string,
): { state: 'objection' | 'no-objection'; since?: string; detail: string } {
  const decisionEnd = parseFhirDateTime(date)?.high ?? Number.POSITIVE_INFINITY;
  let best: { at: number; meaning: Type1Meaning; date: string | undefined } | undefined;
  let future = 0;
  for (const item of evidence) {
    const range = item.date === undefined ? undefined : parseFhirDateTime(item.date);
    const at = range === undefined ? Number.NEGATIVE_INFINITY : range.low;
    if (at > decisionEnd) {
      future += 1;
      continue;
    }
    if (
      best === undefined ||
      at > best.at ||
      (at === best.at && item.meaning === 'objection' && best.meaning === 'withdrawal')
    ) {
      best = { at, meaning: item.meaning, date: range === undefined ? undefined : item.date };
    }
  }
  const later =
    future > 0 ? `; ${String(future)} code(s) dated after the decision date ignored` : '';
  if (best === undefined) {
    return { state: 'no-objection', detail: `no Type 1 code in the GP record${later}` };
  }
  const since = best.date === undefined ? {} : { since: best.date };
  const undated = best.date === undefined ? ' (undated)' : '';
  return best.meaning === 'objection'
    ? {
        state: 'objection',
        ...since,
        detail: `latest Type 1 code is an objection${undated}${later}`,
      }
    : {
        state: 'no-objection',
        ...since,
        detail: `latest Type 1 code is a withdrawal${undated}${later}`,
      };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codingsOf(concept: unknown): unknown[] {
  if (!isRecord(concept)) return [];
  const coding = concept['coding'];
  return Array.isArray(coding) ? coding : [];
}

const DATE_ELEMENTS: readonly (readonly string[])[] = [
  ['effectiveDateTime'],
  ['effectiveInstant'],
  ['effectivePeriod', 'start'],
  ['onsetDateTime'],
  ['performedDateTime'],
  ['performedPeriod', 'start'],
  ['recordedDate'],
  ['period', 'start'],
  ['authoredOn'],
  ['issued'],
  ['date'],
  ['meta', 'lastUpdated'],
];

function firstDate(resource: Record<string, unknown>): string | undefined {
  for (const path of DATE_ELEMENTS) {
    let value: unknown = resource;
    for (const step of path) value = isRecord(value) ? value[step] : undefined;
    if (typeof value === 'string' && parseFhirDateTime(value) !== undefined) return value;
  }
  return undefined;
}

function enteredInError(resource: Record<string, unknown>): boolean {
  const status = resource['status'];
  if (status === 'entered-in-error' || status === 'cancelled') return true;
  return codingsOf(resource['verificationStatus']).some(
    (coding) => isRecord(coding) && coding['code'] === 'entered-in-error',
  );
}

/**
 * The Type 1 evidence a GP record resource carries (an Observation, Condition, Procedure or
 * any resource with a `code`), dated from its clinical date (`effective[x]`, `onset[x]`,
 * `performed[x]`, `recordedDate`, ..., then `meta.lastUpdated`). Resources marked
 * `entered-in-error` (or `cancelled`) carry none.
 *
 * @example
 * ```ts
 * type1EvidenceOf({
 *   resourceType: 'Observation',
 *   status: 'final',
 *   code: { coding: [{ system: 'http://snomed.info/sct', code: '827241000000103' }] },
 *   effectiveDateTime: '2019-06-12',
 * }); // { meaning: 'objection', date: '2019-06-12' }
 * ```
 */
export function type1EvidenceOf(resource: unknown): Type1Evidence | undefined {
  if (!isRecord(resource) || enteredInError(resource)) return undefined;
  let meaning: Type1Meaning | undefined;
  for (const coding of codingsOf(resource['code'])) {
    if (!isRecord(coding)) continue;
    const found = type1MeaningOf(coding);
    if (found === 'objection') meaning = 'objection';
    else if (found === 'withdrawal') meaning ??= 'withdrawal';
  }
  if (meaning === undefined) return undefined;
  const date = firstDate(resource);
  return date === undefined ? { meaning } : { meaning, date };
}

/**
 * A Type 1 register built from GP records: for each NHS number, the patient's Type 1 state on a
 * date. Numbers whose GP record was not seen are `unknown`.
 *
 * @see NHS-STANDARDS.md §3.4
 * @example
 * ```ts
 * register.lookup(nhsNumber, '2025-03-01'); // { state: 'objection', since: '2019-06-12', registerId, asOf }
 * ```
 */
export interface Type1Register {
  readonly kind: 'type-1';
  readonly id: string;
  readonly asOf: string;
  lookup(nhsNumber: NhsNumber, date: string): RegisterReading<RecordedType1State>;
}

/**
 * Counts from building a Type 1 register.
 *
 * @example
 * ```ts
 * const stats: Type1RegisterStats = builder.stats; // { patients: 1200, evidence: 31, unlinked: 0 }
 * ```
 */
export interface Type1RegisterStats {
  /** Patients whose GP record was seen. */
  readonly patients: number;
  /** Type 1 codes recorded. */
  readonly evidence: number;
  /** Type 1 codes whose patient has no usable NHS number (reported, not used). */
  readonly unlinked: number;
}

/**
 * Builds a {@link Type1Register} from GP record content: Patient resources mark whose record was
 * seen, and resources with Type 1 codes add evidence (linked to the patient through the
 * resource's patient references). Pass the patients' references through `patients` when codes
 * point at `Patient/<id>`.
 *
 * @example
 * ```ts
 * const builder = new Type1RegisterBuilder({ id: 'gp-extract-2025-03', asOf: '2025-03-01' });
 * builder.addPatient(nhsNumber);
 * builder.addEvidence(nhsNumber, { meaning: 'objection', date: '2019-06-12' });
 * const register = builder.build();
 * ```
 */
export class Type1RegisterBuilder {
  private readonly covered = new NhsNumberSetBuilder();
  private readonly evidence = new Map<string, Type1Evidence[]>();
  private evidenceCount = 0;
  private unlinked = 0;

  constructor(private readonly options: { readonly id: string; readonly asOf: string }) {
    if (parseFhirDateTime(options.asOf) === undefined) {
      throw new OptOutError(
        'config',
        `Type 1 register ${options.id}: asOf must be a FHIR date or dateTime`,
      );
    }
  }

  /**
   * Marks a patient's GP record as seen (a patient with no Type 1 code has `no-objection`).
   *
   * @example
   * ```ts
   * builder.addPatient(nhsNumber);
   * ```
   */
  addPatient(nhsNumber: NhsNumber): void {
    this.covered.add(nhsNumber);
  }

  /**
   * Records one Type 1 code for a patient (and marks the record as seen).
   *
   * @example
   * ```ts
   * builder.addEvidence(nhsNumber, { meaning: 'withdrawal', date: '2021-03-02' });
   * ```
   */
  addEvidence(nhsNumber: NhsNumber, evidence: Type1Evidence): void {
    this.covered.add(nhsNumber);
    const list = this.evidence.get(nhsNumber);
    if (list) list.push(evidence);
    else this.evidence.set(nhsNumber, [evidence]);
    this.evidenceCount += 1;
  }

  /**
   * Reads one FHIR resource of a GP record: a Patient marks its record as seen; a resource with
   * a Type 1 code adds evidence for its patient. Returns what it did; `unlinked` means a Type 1
   * code whose patient has no valid NHS number (counted in {@link Type1RegisterBuilder.stats}).
   *
   * @example
   * ```ts
   * for (const resource of bundleResources) builder.addResource(resource, patientIndex);
   * ```
   */
  addResource(
    resource: unknown,
    patients: PatientLookup,
  ): 'patient' | 'evidence' | 'unlinked' | 'none' {
    if (!isRecord(resource)) return 'none';
    const about = resourcePatients(resource, patients);
    if (resource['resourceType'] === 'Patient') {
      if (about.kind === 'patients') {
        for (const nhsNumber of about.patients[0]?.nhsNumbers ?? []) this.addPatient(nhsNumber);
      }
      return 'patient';
    }
    const evidence = type1EvidenceOf(resource);
    if (evidence === undefined) return 'none';
    const numbers = about.kind === 'patients' ? about.patients.flatMap((p) => p.nhsNumbers) : [];
    if (numbers.length === 0) {
      this.unlinked += 1;
      return 'unlinked';
    }
    for (const nhsNumber of numbers) this.addEvidence(nhsNumber, evidence);
    return 'evidence';
  }

  /**
   * Counts so far.
   *
   * @example
   * ```ts
   * if (builder.stats.unlinked > 0) console.warn('some Type 1 codes have no NHS number');
   * ```
   */
  get stats(): Type1RegisterStats {
    return { patients: this.covered.size, evidence: this.evidenceCount, unlinked: this.unlinked };
  }

  /**
   * The finished register.
   *
   * @example
   * ```ts
   * const register = builder.build();
   * ```
   */
  build(): Type1Register {
    return createType1Register({
      id: this.options.id,
      asOf: this.options.asOf,
      covered: this.covered.build(),
      evidence: this.evidence,
    });
  }
}

/**
 * Builds a {@link Type1Register} from the numbers whose GP records were seen and the evidence
 * per number.
 *
 * @example
 * ```ts
 * const register = createType1Register({ id: 'gp', asOf: '2025-03-01', covered, evidence: new Map([[nhsNumber, [{ meaning: 'objection', date: '2019-06-12' }]]]) });
 * ```
 */
export function createType1Register(input: {
  readonly id: string;
  readonly asOf: string;
  readonly covered: NhsNumberSet;
  readonly evidence: ReadonlyMap<string, readonly Type1Evidence[]>;
}): Type1Register {
  const base = { registerId: input.id, asOf: input.asOf };
  const unknown = Object.freeze({
    ...base,
    state: 'unknown' as const,
    detail: "the patient's GP record was not part of this register",
  });
  return {
    kind: 'type-1',
    id: input.id,
    asOf: input.asOf,
    lookup(nhsNumber, date) {
      const evidence = input.evidence.get(nhsNumber);
      if (evidence === undefined && !input.covered.has(nhsNumber)) return unknown;
      const outcome = type1StateOf(evidence ?? [], date);
      return { ...base, ...outcome };
    },
  };
}
