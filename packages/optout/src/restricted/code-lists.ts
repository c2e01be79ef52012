import { SNOMED_CT_SYSTEM, parseSnomedCtId } from '@lhcr/models';
import { OptOutError } from '../errors';
import { IssueCollector } from '../internal/issue-collector';
import { LineSplitter } from '../internal/lines';
import type { OptOutIssue } from '../issues';

/**
 * The kinds of legally restricted or sensitive data lhcr withholds (NHS-STANDARDS.md §4), plus
 * `other` for a region's own lists.
 *
 * @example
 * ```ts
 * RESTRICTED_CATEGORIES.includes('sexually-transmitted-infection'); // true
 * ```
 */
export const RESTRICTED_CATEGORIES = [
  'assisted-fertilisation',
  'gender-related',
  'sexually-transmitted-infection',
  'termination-of-pregnancy',
  'other',
] as const;

/**
 * One of {@link RESTRICTED_CATEGORIES}.
 *
 * @example
 * ```ts
 * const category: RestrictedCategory = 'termination-of-pregnancy';
 * ```
 */
export type RestrictedCategory = (typeof RESTRICTED_CATEGORIES)[number];

/**
 * A list of codes whose items are withheld. Codes are matched exactly (descendants only if the
 * list includes them, as a refset does); `illustrative` lists are examples, not for production.
 *
 * @example
 * ```ts
 * const list: RestrictedCodeList = createRestrictedCodeList({
 *   id: 'region-sti',
 *   title: 'Region STI codes',
 *   category: 'sexually-transmitted-infection',
 *   codes: [{ system: 'http://snomed.info/sct', code: '15628003' }],
 * });
 * ```
 */
export interface RestrictedCodeList {
  readonly id: string;
  readonly title: string;
  readonly category: RestrictedCategory;
  /** system → codes. */
  readonly codes: ReadonlyMap<string, ReadonlySet<string>>;
  readonly size: number;
  readonly illustrative: boolean;
  /** Where the list came from (a refset file and its release), for the audit record. */
  readonly source?: string;
}

/**
 * Builds a {@link RestrictedCodeList}.
 *
 * @example
 * ```ts
 * createRestrictedCodeList({ id: 'x', title: 'X', category: 'other', codes: [{ system: SNOMED_CT_SYSTEM, code: '22298006' }] }).size; // 1
 * ```
 */
export function createRestrictedCodeList(input: {
  readonly id: string;
  readonly title: string;
  readonly category: RestrictedCategory;
  readonly codes: Iterable<{ readonly system: string; readonly code: string }>;
  readonly illustrative?: boolean;
  readonly source?: string;
}): RestrictedCodeList {
  const codes = new Map<string, Set<string>>();
  let size = 0;
  for (const { system, code } of input.codes) {
    let set = codes.get(system);
    if (!set) {
      set = new Set();
      codes.set(system, set);
    }
    if (!set.has(code)) {
      set.add(code);
      size += 1;
    }
  }
  return {
    id: input.id,
    title: input.title,
    category: input.category,
    codes,
    size,
    illustrative: input.illustrative === true,
    ...(input.source === undefined ? {} : { source: input.source }),
  };
}

/**
 * A SNOMED CT simple reference set lhcr knows the purpose of.
 *
 * @example
 * ```ts
 * const known: KnownRefset = KNOWN_RESTRICTED_REFSETS[0];
 * ```
 */
export interface KnownRefset {
  readonly refsetId: string;
  readonly category: RestrictedCategory;
  readonly title: string;
  readonly use: 'summary-care-exclusion' | 'secondary-use-exclusion';
  readonly provenance: string;
}

const OLIDS =
  'cited as the SCTID of this refset by the One London Integrated Data Set filtering rules; NHS-STANDARDS.md §4 leaves refset SCTIDs unconfirmed: check it against the current UK release on TRUD';

/**
 * Refset SCTIDs that map a refset file's members to a category without naming them by hand:
 * the four "General practice summary data sharing exclusion" refsets (built for emergency care
 * summaries from the RCGP sensitive dataset) and two "secondary use data exclusions" refsets.
 * Each SCTID passes its Verhoeff check and is cited by a published regional data set's rules,
 * but none is confirmed here against a primary source (see `provenance`). Only the ids are
 * listed: members always come from the refset file you load.
 *
 * @see NHS-STANDARDS.md §4
 * @example
 * ```ts
 * KNOWN_RESTRICTED_REFSETS.find((refset) => refset.category === 'termination-of-pregnancy')?.refsetId;
 * ```
 */
export const KNOWN_RESTRICTED_REFSETS: readonly KnownRefset[] = [
  {
    refsetId: '999004371000000100',
    category: 'assisted-fertilisation',
    title:
      'General practice summary data sharing exclusion for assisted fertilisation simple reference set',
    use: 'summary-care-exclusion',
    provenance: OLIDS,
  },
  {
    refsetId: '999004351000000109',
    category: 'gender-related',
    title:
      'General practice summary data sharing exclusion for gender related issues simple reference set',
    use: 'summary-care-exclusion',
    provenance: OLIDS,
  },
  {
    refsetId: '999004381000000103',
    category: 'sexually-transmitted-infection',
    title:
      'General practice summary data sharing exclusion for sexually transmitted disease simple reference set',
    use: 'summary-care-exclusion',
    provenance: OLIDS,
  },
  {
    refsetId: '999004361000000107',
    category: 'termination-of-pregnancy',
    title:
      'General practice summary data sharing exclusion for termination of pregnancy simple reference set',
    use: 'summary-care-exclusion',
    provenance: OLIDS,
  },
  {
    refsetId: '1955841000000104',
    category: 'assisted-fertilisation',
    title:
      'National Health Service secondary use data exclusions due to Human Fertilisation and Embryology Act 2008',
    use: 'secondary-use-exclusion',
    provenance: OLIDS,
  },
  {
    refsetId: '1955851000000101',
    category: 'gender-related',
    title:
      'National Health Service secondary use data exclusions due to Gender Recognition Act 2004',
    use: 'secondary-use-exclusion',
    provenance: OLIDS,
  },
];

const ILLUSTRATIVE_NOTE =
  'ILLUSTRATIVE ONLY: a handful of well-known SNOMED CT concepts to show and test the mechanism; not the national refset and not for production. Load the real refset with parseRefsetFile.';

/**
 * Small example lists, one per category, clearly marked `illustrative: true`. They show how
 * withholding works and keep tests and demos self-contained; they are not the national refsets
 * and must not be used to decide what a real record withholds.
 *
 * @example
 * ```ts
 * filterRestrictedBundle(bundle, { lists: ILLUSTRATIVE_RESTRICTED_CODE_LISTS, date: '2025-03-01' });
 * ```
 */
export const ILLUSTRATIVE_RESTRICTED_CODE_LISTS: readonly RestrictedCodeList[] = [
  createRestrictedCodeList({
    id: 'illustrative-sti',
    title: 'Sexually transmitted infections (illustrative)',
    category: 'sexually-transmitted-infection',
    codes: ['86406008', '15628003', '76272004', '105629000'].map((code) => ({
      system: SNOMED_CT_SYSTEM,
      code,
    })),
    illustrative: true,
    source: ILLUSTRATIVE_NOTE,
  }),
  createRestrictedCodeList({
    id: 'illustrative-termination-of-pregnancy',
    title: 'Termination of pregnancy (illustrative)',
    category: 'termination-of-pregnancy',
    codes: ['386639001', '714812005'].map((code) => ({ system: SNOMED_CT_SYSTEM, code })),
    illustrative: true,
    source: ILLUSTRATIVE_NOTE,
  }),
  createRestrictedCodeList({
    id: 'illustrative-assisted-fertilisation',
    title: 'Assisted fertilisation (illustrative)',
    category: 'assisted-fertilisation',
    codes: ['52637005', '63487001'].map((code) => ({ system: SNOMED_CT_SYSTEM, code })),
    illustrative: true,
    source: ILLUSTRATIVE_NOTE,
  }),
  createRestrictedCodeList({
    id: 'illustrative-gender-related',
    title: 'Gender-related (illustrative)',
    category: 'gender-related',
    codes: ['93461009', '407377005', '407376001'].map((code) => ({
      system: SNOMED_CT_SYSTEM,
      code,
    })),
    illustrative: true,
    source: ILLUSTRATIVE_NOTE,
  }),
];

/**
 * The header of an RF2 simple reference set file (tab-separated).
 *
 * @example
 * ```ts
 * text.startsWith(RF2_SIMPLE_REFSET_HEADER.join('\t'));
 * ```
 */
export const RF2_SIMPLE_REFSET_HEADER = [
  'id',
  'effectiveTime',
  'active',
  'moduleId',
  'refsetId',
  'referencedComponentId',
] as const;

/**
 * Options for reading a refset file: which refsets to take and what category each is (default:
 * {@link KNOWN_RESTRICTED_REFSETS}); rows of other refsets are counted and skipped. With
 * `effectiveOnOrBefore` (`YYYYMMDD`), later rows of a Full file are ignored.
 *
 * @example
 * ```ts
 * const options: RefsetFileOptions = { source: 'der2_Refset_SimpleSnapshot_GB1000000_20250101.txt', refsets: { '999004381000000103': 'sexually-transmitted-infection' } };
 * ```
 */
export interface RefsetFileOptions {
  readonly source?: string;
  readonly refsets?: Readonly<Record<string, RestrictedCategory>>;
  readonly effectiveOnOrBefore?: string;
  readonly maxLineChars?: number;
}

/**
 * What reading a refset file gave: one code list per selected refset (its active members), with
 * every malformed row reported by line number. `ok` is false when any row was malformed.
 *
 * @example
 * ```ts
 * const result: RefsetFileResult = parseRefsetFile(text, { source: 'refset.txt' });
 * ```
 */
export interface RefsetFileResult {
  readonly ok: boolean;
  readonly lists: readonly RestrictedCodeList[];
  readonly rows: number;
  readonly skippedRows: number;
  readonly issues: readonly OptOutIssue[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EFFECTIVE_TIME = /^(\d{4})(\d{2})(\d{2})$/;

function validEffectiveTime(value: string): boolean {
  const match = EFFECTIVE_TIME.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
}

/**
 * Reads an RF2 simple reference set file (Snapshot or Full: `id`, `effectiveTime`, `active`,
 * `moduleId`, `refsetId`, `referencedComponentId`, tab-separated, with that header) from text
 * chunks. For each member id the row with the latest effectiveTime decides whether it is active.
 * SCTIDs are checked (Verhoeff check digit, partition), ids must be UUIDs, and every bad row is
 * reported by line number.
 *
 * @see https://confluence.ihtsdotools.org/display/DOCRELFMT (RF2 simple refset)
 * @example
 * ```ts
 * const reader = new RefsetFileReader({ source: 'refset.txt' });
 * reader.push(text);
 * const { lists, issues } = reader.end();
 * ```
 */
export class RefsetFileReader {
  private readonly source: string;
  private readonly issues: IssueCollector;
  private readonly lines: LineSplitter;
  private readonly categories: Map<string, RestrictedCategory>;
  private readonly members = new Map<
    string,
    { time: string; active: boolean; refset: string; code: string }
  >();
  private readonly skippedRefsets = new Map<string, number>();
  private headerSeen = false;
  private rows = 0;
  private skipped = 0;

  constructor(private readonly options: RefsetFileOptions = {}) {
    this.source = options.source ?? '<refset>';
    this.issues = new IssueCollector(this.source);
    this.lines = new LineSplitter(options.maxLineChars ?? 4096, this.source);
    this.categories = new Map(
      Object.entries(
        options.refsets ??
          Object.fromEntries(
            KNOWN_RESTRICTED_REFSETS.map((refset) => [refset.refsetId, refset.category]),
          ),
      ),
    );
    if (
      options.effectiveOnOrBefore !== undefined &&
      !validEffectiveTime(options.effectiveOnOrBefore)
    ) {
      throw new OptOutError('config', 'effectiveOnOrBefore must be a date written YYYYMMDD');
    }
  }

  /**
   * Reads the next chunk.
   *
   * @example
   * ```ts
   * reader.push(chunk);
   * ```
   */
  push(chunk: string): void {
    for (const line of this.lines.push(chunk)) this.line(line.text, line.number);
  }

  /**
   * Finishes reading.
   *
   * @example
   * ```ts
   * const { ok, lists } = reader.end();
   * ```
   */
  end(): RefsetFileResult {
    for (const line of this.lines.end()) this.line(line.text, line.number);
    if (!this.headerSeen)
      this.issues.add(
        'header',
        'error',
        'required',
        'the file is empty; expected an RF2 header row',
      );
    for (const [refset, count] of this.skippedRefsets) {
      this.issues.add(
        `skipped-${refset}`,
        'information',
        'informational',
        `${String(count)} row(s) of refset ${refset} skipped: it is not one of the refsets asked for`,
      );
    }
    const byRefset = new Map<string, { system: string; code: string }[]>();
    for (const member of this.members.values()) {
      if (!member.active) continue;
      const list = byRefset.get(member.refset) ?? [];
      list.push({ system: SNOMED_CT_SYSTEM, code: member.code });
      byRefset.set(member.refset, list);
    }
    const lists: RestrictedCodeList[] = [];
    for (const [refsetId, category] of this.categories) {
      const codes = byRefset.get(refsetId);
      if (codes === undefined) continue;
      const known = KNOWN_RESTRICTED_REFSETS.find((refset) => refset.refsetId === refsetId);
      lists.push(
        createRestrictedCodeList({
          id: refsetId,
          title: known?.title ?? `SNOMED CT refset ${refsetId}`,
          category,
          codes,
          source: this.source,
        }),
      );
    }
    const issues = this.issues.list();
    return {
      ok: !issues.some((issue) => issue.severity === 'error'),
      lists,
      rows: this.rows,
      skippedRows: this.skipped,
      issues,
    };
  }

  private line(text: string, number: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      if (text.replace(/^\uFEFF/, '') !== RF2_SIMPLE_REFSET_HEADER.join('\t')) {
        this.issues.add(
          'header',
          'error',
          'structure',
          `expected the RF2 simple refset header (${RF2_SIMPLE_REFSET_HEADER.join(', ')}, tab-separated)`,
          number,
        );
      }
      return;
    }
    if (text === '') return;
    this.rows += 1;
    const fields = text.split('\t');
    if (fields.length !== RF2_SIMPLE_REFSET_HEADER.length) {
      this.issues.add(
        'columns',
        'error',
        'structure',
        `expected 6 tab-separated columns; found ${String(fields.length)}`,
        number,
      );
      return;
    }
    const [id, time, active, moduleId, refsetId, componentId] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const problems: string[] = [];
    if (!UUID.test(id)) problems.push('id is not a UUID');
    if (!validEffectiveTime(time)) problems.push('effectiveTime is not a date written YYYYMMDD');
    if (active !== '0' && active !== '1') problems.push('active is not 0 or 1');
    for (const [name, value] of [
      ['moduleId', moduleId],
      ['refsetId', refsetId],
      ['referencedComponentId', componentId],
    ] as const) {
      const parsed = parseSnomedCtId(value);
      if (!parsed.ok) problems.push(`${name} is not a valid SCTID (${parsed.code})`);
    }
    if (problems.length > 0) {
      this.issues.add('row', 'error', 'value', problems.join('; '), number);
      return;
    }
    if (!this.categories.has(refsetId)) {
      this.skipped += 1;
      this.skippedRefsets.set(refsetId, (this.skippedRefsets.get(refsetId) ?? 0) + 1);
      return;
    }
    if (this.options.effectiveOnOrBefore !== undefined && time > this.options.effectiveOnOrBefore) {
      this.skipped += 1;
      return;
    }
    const current = this.members.get(id);
    if (current !== undefined && current.time === time) {
      this.issues.add(
        'duplicate',
        'warning',
        'duplicate',
        'member id repeated with the same effectiveTime; the later row is used',
        number,
      );
    }
    if (current === undefined || current.time <= time) {
      this.members.set(id, { time, active: active === '1', refset: refsetId, code: componentId });
    }
  }
}

/**
 * Reads a complete RF2 simple refset file. See {@link RefsetFileReader}.
 *
 * @example
 * ```ts
 * const { ok, lists, issues } = parseRefsetFile(readFileSync(file, 'utf8'), { source: file });
 * ```
 */
export function parseRefsetFile(text: string, options: RefsetFileOptions = {}): RefsetFileResult {
  const reader = new RefsetFileReader(options);
  reader.push(text);
  return reader.end();
}
