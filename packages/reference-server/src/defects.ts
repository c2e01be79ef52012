import { ReferenceServerError } from './errors';

/**
 * One seeded defect: a start option that makes the server break one requirement of
 * `@lhcr/blueprint-core` on purpose, so that a conformance suite can prove it notices.
 *
 * @example
 * ```ts
 * const defect: ReferenceServerDefect = REFERENCE_SERVER_DEFECTS[0]!;
 * console.log(defect.id, defect.breaks.join(', '));
 * ```
 */
export interface ReferenceServerDefect {
  /** The option value (`--defect <id>`, `defects: [id]`). */
  readonly id: string;
  /** What the server does wrong when the defect is on. */
  readonly description: string;
  /** The blueprint-core requirement ids the defect breaks. */
  readonly breaks: readonly string[];
  /** The blueprint-core requirement category of those requirements. */
  readonly category: string;
}

const D = <Id extends string>(
  id: Id,
  category: string,
  breaks: readonly string[],
  description: string,
): ReferenceServerDefect & { readonly id: Id } => ({ id, category, breaks, description });

/**
 * Every seeded defect of the reference server, as data. None is ever on by default; each is
 * switched on by name (`startReferenceServer({ defects: ['ignore-dissent'] })` or
 * `lhcr serve --defect ignore-dissent`) and announced loudly on stderr. Together they cover every
 * category of MUST requirement in `@lhcr/blueprint-core`.
 *
 * @example
 * ```ts
 * for (const defect of REFERENCE_SERVER_DEFECTS) console.log(`${defect.id}: breaks ${defect.breaks.join(', ')}`);
 * ```
 */
export const REFERENCE_SERVER_DEFECTS = [
  // identity
  D(
    'wrong-nhs-system',
    'identity',
    ['LHCR-PAT-01'],
    'Patients are returned with the retired NHS number system http://fhir.nhs.net/Id/nhs-number instead of https://fhir.nhs.uk/Id/nhs-number.',
  ),
  D(
    'drop-verification-status',
    'identity',
    ['LHCR-PAT-02'],
    'The NHS number verification status extension is removed from every Patient returned.',
  ),
  D(
    'raise-verification-status',
    'identity',
    ['LHCR-PAT-03'],
    'Every NHS number verification status is returned as 01 (present and verified), whatever the source said.',
  ),
  D(
    'wrong-ods-system',
    'identity',
    ['LHCR-PAT-05'],
    'Organization ODS identifiers are returned with the system spelt ods-organisation-code (with an s).',
  ),
  D(
    'hide-deceased',
    'identity',
    ['LHCR-PAT-07'],
    'deceasedDateTime and deceasedBoolean are removed from every Patient returned.',
  ),
  // record content
  D(
    'accept-invalid',
    'record-content',
    ['LHCR-REC-01'],
    'Created and updated resources are stored without validation against the blueprint profiles or the server rules (no 422).',
  ),
  D(
    'break-patient-references',
    'record-content',
    ['LHCR-REC-07'],
    'Clinical resources are returned with their patient reference rewritten to a urn:uuid that no read can resolve.',
  ),
  D(
    'no-last-updated',
    'record-content',
    ['LHCR-REC-08'],
    'meta.lastUpdated is removed from every resource returned.',
  ),
  D(
    'drop-must-support',
    'record-content',
    ['LHCR-REC-10'],
    'The must-support element recordedDate is removed from every Condition and AllergyIntolerance returned.',
  ),
  // search
  D(
    'identifier-search-ignored',
    'search',
    ['LHCR-SRCH-01'],
    'Patient?identifier=… is accepted but ignored: every Patient the client may see is returned.',
  ),
  D(
    'patient-search-ignored',
    'search',
    ['LHCR-SRCH-02'],
    'The patient and subject search parameters are accepted but ignored: other patients’ records are returned.',
  ),
  D(
    'date-prefix-ignored',
    'search',
    ['LHCR-SRCH-03'],
    'Date search prefixes (gt, lt, ge, le, …) are ignored: every date value is matched as eq.',
  ),
  D('last-updated-ignored', 'search', ['LHCR-SRCH-05'], '_lastUpdated is accepted but ignored.'),
  D(
    'no-paging',
    'search',
    ['LHCR-SRCH-06'],
    'Searches return only their first page, with no next link: the remaining matches are lost.',
  ),
  D('no-post-search', 'search', ['LHCR-SRCH-07'], 'POST [type]/_search answers 405.'),
  D(
    'everything-patient-only',
    'search',
    ['LHCR-SRCH-08'],
    'Patient/[id]/$everything returns the Patient alone, without the rest of the record.',
  ),
  D(
    'ignore-search-combination',
    'search',
    ['LHCR-SRCH-10'],
    'When a search has several parameters only the first is applied.',
  ),
  D(
    'no-blueprint-in-capability',
    'search',
    ['LHCR-SRCH-11'],
    'The CapabilityStatement does not name the blueprint in instantiates.',
  ),
  D('reject-format-json', 'search', ['LHCR-SRCH-13'], '_format=json is refused with 406.'),
  // security
  D(
    'no-auth',
    'security',
    ['LHCR-SEC-01'],
    'Requests without a bearer token, or with an invalid one, are served as if a client with every scope and purpose had sent them.',
  ),
  D(
    'skip-signature-check',
    'security',
    ['LHCR-SEC-02', 'LHCR-SEC-03'],
    'The token endpoint does not verify client assertion signatures.',
  ),
  D(
    'accept-replayed-assertion',
    'security',
    ['LHCR-SEC-03'],
    'The token endpoint accepts a client assertion whose jti was used before.',
  ),
  D(
    'lax-client-assertion',
    'security',
    ['LHCR-SEC-03'],
    'The token endpoint accepts client assertions with any aud and with exp more than 300 seconds ahead.',
  ),
  D(
    'ignore-scopes',
    'security',
    ['LHCR-SEC-04'],
    'Scopes are not enforced: any valid token may read, search and write every resource type.',
  ),
  D(
    'ignore-purpose',
    'security',
    ['LHCR-SEC-05'],
    'The X-Purpose-Of-Use header is not required and not checked against the purposes granted in the token.',
  ),
  D(
    'export-for-direct-care',
    'security',
    ['LHCR-SEC-06'],
    '$export is allowed for direct-care purposes (TREAT, ETREAT) with any read scope.',
  ),
  D(
    'long-lived-tokens',
    'security',
    ['LHCR-SEC-07'],
    'Access tokens are issued with expires_in 3600 and are accepted after they expire.',
  ),
  // opt-outs
  D(
    'ignore-national-optout',
    'opt-outs',
    ['LHCR-OPT-01', 'LHCR-OPT-07'],
    'The national data opt-out is ignored in searches and reads for secondary purposes (exports still honour it).',
  ),
  D(
    'optout-blocks-direct-care',
    'opt-outs',
    ['LHCR-OPT-02'],
    'Patients with a national data opt-out are also left out of direct-care responses.',
  ),
  D(
    'ignore-type1',
    'opt-outs',
    ['LHCR-OPT-03'],
    'Type 1 objections are ignored in searches and reads for secondary purposes (exports still honour them).',
  ),
  D(
    'ignore-dissent',
    'opt-outs',
    ['LHCR-OPT-04'],
    'Local dissent is ignored: dissenting patients’ records are shared for direct care.',
  ),
  D(
    'ignore-dissent-withdrawal',
    'opt-outs',
    ['LHCR-OPT-05'],
    'Any local objection ever recorded blocks sharing, even when it was withdrawn or made inactive.',
  ),
  D(
    'emergency-overrides-dissent',
    'opt-outs',
    ['LHCR-OPT-06'],
    'Emergency treatment (ETREAT) overrides local dissent.',
  ),
  D(
    'unknown-optout-permits',
    'opt-outs',
    ['LHCR-OPT-08'],
    'A patient with no national data opt-out register entry, or a stale register, is treated as not opted out for secondary use.',
  ),
  D(
    'expose-optout-flag',
    'opt-outs',
    ['LHCR-OPT-09'],
    'Patients with a national data opt-out get a Flag saying so, returned by Flag searches and $everything.',
  ),
  D(
    'disclose-optout',
    'opt-outs',
    ['LHCR-OPT-10'],
    'Secondary-use searches from which opted-out patients’ records were removed hold an OperationOutcome saying so.',
  ),
  // restricted data
  D(
    'leak-restricted',
    'restricted-data',
    ['LHCR-RDA-01'],
    'Records coded with a restricted-data code are returned (records linked to them are still withheld).',
  ),
  D(
    'leak-linked-restricted',
    'restricted-data',
    ['LHCR-RDA-02'],
    'Records that point to a withheld record are returned.',
  ),
  D(
    'no-withheld-marker',
    'restricted-data',
    ['LHCR-RDA-03'],
    'Bundles from which records were withheld do not say so (no suppressed OperationOutcome).',
  ),
  D('count-withheld', 'restricted-data', ['LHCR-RDA-04'], 'Bundle.total counts withheld records.'),
  D(
    'leak-very-restricted',
    'restricted-data',
    ['LHCR-RDA-05'],
    'Resources labelled V (very restricted) are returned.',
  ),
  D(
    'leak-sensitive-contacts',
    'restricted-data',
    ['LHCR-RDA-06'],
    'Patients labelled R (restricted) are returned with their address, telecom and GP.',
  ),
  D(
    'keep-patient-links',
    'restricted-data',
    ['LHCR-RDA-07'],
    'Patient.link to patients with a different NHS number is returned.',
  ),
  // audit
  D(
    'no-audit',
    'audit',
    ['LHCR-AUD-01'],
    'Successful reads, searches and operations write no AuditEvent (refusals still do).',
  ),
  D(
    'no-refusal-audit',
    'audit',
    ['LHCR-AUD-02'],
    'Requests refused for authentication, scope, purpose or dissent write no AuditEvent.',
  ),
  D(
    'audit-search-ignores-patient',
    'audit',
    ['LHCR-AUD-03'],
    'AuditEvent?patient=… is accepted but ignored: every AuditEvent is returned.',
  ),
  D(
    'audit-editable',
    'audit',
    ['LHCR-AUD-04'],
    'Clients may create, update and delete AuditEvents.',
  ),
  D(
    'audit-records-query',
    'audit',
    ['LHCR-AUD-05'],
    'AuditEvents record the request query string (NHS numbers included) in entity.query.',
  ),
  // planning extracts
  D(
    'export-not-async',
    'planning-extracts',
    ['LHCR-PLN-01'],
    '$export answers at once with 200 and a Bundle instead of 202 and a status URL.',
  ),
  D(
    'export-includes-optouts',
    'planning-extracts',
    ['LHCR-PLN-03'],
    '$export includes patients with a national data opt-out and GP records of patients with a Type 1 objection.',
  ),
  D(
    'export-includes-restricted',
    'planning-extracts',
    ['LHCR-PLN-04'],
    '$export includes withheld restricted records.',
  ),
  // error handling
  D(
    'errors-not-outcome',
    'error-handling',
    ['LHCR-ERR-01'],
    '4xx and 5xx responses have a text/plain body instead of an OperationOutcome.',
  ),
  D(
    'unknown-id-not-404',
    'error-handling',
    ['LHCR-ERR-02'],
    'Reading an id that does not exist answers 400 instead of 404.',
  ),
  D(
    'ignore-invalid-search-values',
    'error-handling',
    ['LHCR-ERR-03'],
    'Search values that cannot be parsed (date=yesterday) are ignored instead of refused with 400.',
  ),
  D(
    'errors-echo-content',
    'error-handling',
    ['LHCR-ERR-04'],
    '422 responses echo the submitted resource (names and NHS numbers included) in the OperationOutcome.',
  ),
  D(
    'ignore-content-type',
    'error-handling',
    ['LHCR-ERR-05'],
    'Unsupported Accept and Content-Type headers are ignored instead of answered with 406 and 415.',
  ),
  D(
    'unknown-type-400',
    'error-handling',
    ['LHCR-ERR-06'],
    'Requests for a resource type the server does not serve answer 400 instead of 404.',
  ),
] as const satisfies readonly ReferenceServerDefect[];

/**
 * The id of one of the {@link REFERENCE_SERVER_DEFECTS}.
 *
 * @example
 * ```ts
 * const defects: DefectId[] = ['ignore-dissent', 'no-audit'];
 * ```
 */
export type DefectId = (typeof REFERENCE_SERVER_DEFECTS)[number]['id'];

const DEFECT_IDS = new Set<string>(REFERENCE_SERVER_DEFECTS.map((defect) => defect.id));

/**
 * Whether `value` names a seeded defect.
 *
 * @example
 * ```ts
 * isDefectId('no-auth'); // true
 * isDefectId('no-such-thing'); // false
 * ```
 */
export function isDefectId(value: unknown): value is DefectId {
  return typeof value === 'string' && DEFECT_IDS.has(value);
}

/**
 * Checks a list of defect names, or says which are unknown.
 *
 * @example
 * ```ts
 * const parsed = parseDefectIds(['no-auth', 'nope']);
 * if (!parsed.ok) console.error(parsed.message); // unknown defect "nope"; …
 * ```
 */
export function parseDefectIds(
  values: readonly string[],
): { ok: true; value: readonly DefectId[] } | { ok: false; message: string } {
  const unknown = values.filter((value) => !isDefectId(value));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `unknown defect ${unknown.map((value) => JSON.stringify(value)).join(', ')}; expected one of ${[...DEFECT_IDS].join(', ')}`,
    };
  }
  return { ok: true, value: [...new Set(values)] as DefectId[] };
}

/** The set of defects switched on for one server. */
export class DefectSet {
  private readonly on: ReadonlySet<DefectId>;

  constructor(defects: readonly string[] = []) {
    const parsed = parseDefectIds(defects);
    if (!parsed.ok) throw new ReferenceServerError('config', `defects: ${parsed.message}`);
    this.on = new Set(parsed.value);
  }

  has(id: DefectId): boolean {
    return this.on.has(id);
  }

  get list(): readonly DefectId[] {
    return [...this.on];
  }
}

/** The description of a defect. */
export function defectInfo(id: DefectId): ReferenceServerDefect {
  return REFERENCE_SERVER_DEFECTS.find((defect) => defect.id === id) as ReferenceServerDefect;
}
