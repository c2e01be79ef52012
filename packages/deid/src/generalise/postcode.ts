import { isPseudoPostcode, parseUkPostcode, postcodeOutwardCode } from '@lhcr/models';
import type { UkPostcode } from '@lhcr/models';
import { DeidError } from '../errors';
import { splitCsvLine } from '../internal/csv';

/**
 * How a postcode is generalised (the policy's `quasiIdentifiers.postcode`). `outward-code` and
 * `district` both keep the outward code (`LS1 4AP` → `LS1`): the outward code is the postcode
 * district. `lsoa` replaces the postcode by its Lower Layer Super Output Area from a lookup.
 * NHS pseudo-postcodes (`ZZ99 3VZ`, no fixed abode) name categories, not places: they are kept
 * whole unless `pseudoPostcodes` is `remove`.
 *
 * @example
 * ```ts
 * const rule: PostcodeRule = { method: 'district', pseudoPostcodes: 'keep' };
 * ```
 */
export interface PostcodeRule {
  readonly method: 'outward-code' | 'district' | 'lsoa' | 'remove';
  readonly pseudoPostcodes?: 'keep' | 'remove';
}

/**
 * Postcode to area code (LSOA) lookup, such as a regional extract of the ONS Postcode
 * Directory. Build one with {@link parsePostcodeLookup} or `loadPostcodeLookup` from
 * `@lhcr/deid/node`.
 *
 * @example
 * ```ts
 * lookup.get(assertUkPostcode('LS1 4AP')); // 'E01033015'
 * ```
 */
export interface PostcodeLookup {
  /** The area code of a postcode (canonical form), or `undefined` when the lookup lacks it. */
  get(postcode: UkPostcode): string | undefined;
  /** How many postcodes the lookup holds. */
  readonly size: number;
}

/**
 * A generalised postcode: a `postalCode` to write (an outward code, or a whole pseudo-postcode),
 * an `area` code (LSOA) to write instead, or nothing (`removed`, with why).
 *
 * @example
 * ```ts
 * const result: GeneralisedPostcode = { kind: 'postal-code', value: 'LS1' };
 * ```
 */
export type GeneralisedPostcode =
  | { readonly kind: 'postal-code'; readonly value: string }
  | { readonly kind: 'area'; readonly value: string }
  | {
      readonly kind: 'removed';
      readonly reason: 'policy' | 'invalid' | 'not-in-lookup' | 'pseudo-postcode';
    };

/**
 * Generalises one postcode (any spacing or case) by the rule. Postcodes that do not parse are
 * removed; with `lsoa`, a postcode the lookup lacks is removed too.
 *
 * @see NHS-STANDARDS.md §2.4 (postcodes, pseudo-postcodes), §5 (postcode → district or LSOA)
 * @example
 * ```ts
 * generalisePostcode('ls1 4ap', { method: 'district' }); // { kind: 'postal-code', value: 'LS1' }
 * generalisePostcode('ZZ99 3VZ', { method: 'district' }); // { kind: 'postal-code', value: 'ZZ99 3VZ' }
 * generalisePostcode('LS1 4AP', { method: 'lsoa' }, lookup); // { kind: 'area', value: 'E01033015' }
 * ```
 */
export function generalisePostcode(
  value: string,
  rule: PostcodeRule,
  lookup?: PostcodeLookup,
): GeneralisedPostcode {
  if (rule.method === 'remove') return { kind: 'removed', reason: 'policy' };
  const parsed = parseUkPostcode(value);
  if (!parsed.ok) return { kind: 'removed', reason: 'invalid' };
  if (isPseudoPostcode(parsed.value)) {
    return rule.pseudoPostcodes === 'remove'
      ? { kind: 'removed', reason: 'pseudo-postcode' }
      : { kind: 'postal-code', value: parsed.value };
  }
  switch (rule.method) {
    case 'outward-code':
    case 'district':
      return { kind: 'postal-code', value: postcodeOutwardCode(parsed.value) };
    case 'lsoa': {
      if (lookup === undefined) {
        throw new DeidError(
          'policy',
          'the policy generalises postcodes to LSOA (quasiIdentifiers.postcode.method: lsoa) but no postcode lookup was given',
        );
      }
      const area = lookup.get(parsed.value);
      return area === undefined
        ? { kind: 'removed', reason: 'not-in-lookup' }
        : { kind: 'area', value: area };
    }
  }
}

/**
 * Options for {@link parsePostcodeLookup}: the column names (case-insensitive) of the postcode
 * and of the area code. By default the postcode column is the first of `pcds`, `pcd`, `pcd7`,
 * `pcd8`, `postcode`, and the area column the first of `lsoa21cd`, `lsoa21`, `lsoa11cd`,
 * `lsoa11`, `lsoacd`, `lsoa`, `lsoa_code`, `area`.
 *
 * @example
 * ```ts
 * const options: PostcodeLookupOptions = { postcodeColumn: 'pcds', areaColumn: 'lsoa21cd', source: 'onspd-west-yorkshire.csv' };
 * ```
 */
export interface PostcodeLookupOptions {
  readonly postcodeColumn?: string;
  readonly areaColumn?: string;
  /** The file name, for messages. */
  readonly source?: string;
}

/**
 * The outcome of reading a lookup: the lookup, and the rows skipped (line numbers only; their
 * content is not repeated).
 *
 * @example
 * ```ts
 * const { lookup, skippedLines } = parsePostcodeLookup(text);
 * ```
 */
export interface PostcodeLookupResult {
  readonly lookup: PostcodeLookup;
  readonly skippedLines: readonly number[];
  readonly skipped: number;
}

const POSTCODE_COLUMNS = ['pcds', 'pcd', 'pcd7', 'pcd8', 'postcode'];
const AREA_COLUMNS = [
  'lsoa21cd',
  'lsoa21',
  'lsoa11cd',
  'lsoa11',
  'lsoacd',
  'lsoa',
  'lsoa_code',
  'area',
];
const AREA_CODE = /^[A-Z0-9]{1,12}$/;

/**
 * Reads a postcode-to-area lookup from CSV text with a header row (for example a regional
 * extract of the ONS Postcode Directory). Rows whose postcode does not parse or whose area code
 * is empty or not 1-12 upper-case letters and digits are skipped and counted. Feed text in
 * chunks with {@link PostcodeLookupReader} for large files.
 *
 * @throws {DeidError} `config` when the header lacks a postcode or area column.
 * @example
 * ```ts
 * const { lookup } = parsePostcodeLookup('pcds,lsoa21cd\nLS1 4AP,E01033015\n');
 * lookup.get(assertUkPostcode('LS14AP')); // 'E01033015'
 * ```
 */
export function parsePostcodeLookup(
  text: string,
  options: PostcodeLookupOptions = {},
): PostcodeLookupResult {
  const reader = new PostcodeLookupReader(options);
  reader.push(text);
  return reader.end();
}

/**
 * Reads a postcode lookup from CSV text arriving in chunks (see {@link parsePostcodeLookup}).
 *
 * @example
 * ```ts
 * const reader = new PostcodeLookupReader({ source: 'lookup.csv' });
 * for await (const chunk of chunks) reader.push(chunk);
 * const { lookup } = reader.end();
 * ```
 */
export class PostcodeLookupReader {
  private readonly map = new Map<string, string>();
  private readonly skippedLines: number[] = [];
  private skipped = 0;
  private rest = '';
  private line = 0;
  private postcodeIndex = -1;
  private areaIndex = -1;

  constructor(private readonly options: PostcodeLookupOptions = {}) {}

  /**
   * Reads the complete lines of a chunk.
   *
   * @example
   * ```ts
   * reader.push('pcds,lsoa21cd\n');
   * ```
   */
  push(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.read(line);
  }

  /**
   * Reads the last line and returns the lookup.
   *
   * @example
   * ```ts
   * const { lookup, skipped } = reader.end();
   * ```
   */
  end(): PostcodeLookupResult {
    if (this.rest !== '') this.read(this.rest);
    this.rest = '';
    if (this.postcodeIndex < 0) this.header(undefined);
    const map = this.map;
    return {
      lookup: { get: (postcode) => map.get(postcode), size: map.size },
      skippedLines: this.skippedLines,
      skipped: this.skipped,
    };
  }

  private header(fields: readonly string[] | undefined): void {
    const where = this.options.source ?? 'the postcode lookup';
    const names = (fields ?? []).map((field) => field.trim().toLowerCase());
    const find = (wanted: string | undefined, defaults: readonly string[]): number => {
      if (wanted !== undefined) return names.indexOf(wanted.toLowerCase());
      for (const name of defaults) {
        const index = names.indexOf(name);
        if (index >= 0) return index;
      }
      return -1;
    };
    this.postcodeIndex = find(this.options.postcodeColumn, POSTCODE_COLUMNS);
    this.areaIndex = find(this.options.areaColumn, AREA_COLUMNS);
    if (this.postcodeIndex < 0 || this.areaIndex < 0) {
      throw new DeidError(
        'config',
        `${where}: the header must name a postcode column (${this.options.postcodeColumn ?? POSTCODE_COLUMNS.join(', ')}) and an area column (${this.options.areaColumn ?? AREA_COLUMNS.join(', ')})`,
      );
    }
  }

  private read(raw: string): void {
    this.line += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.line === 1) {
      this.header(splitCsvLine(line.replace(/^\uFEFF/, '')));
      return;
    }
    if (line.trim() === '') return;
    const fields = splitCsvLine(line);
    const postcode = parseUkPostcode(fields[this.postcodeIndex] ?? '');
    const area = (fields[this.areaIndex] ?? '').trim();
    if (!postcode.ok || !AREA_CODE.test(area)) {
      this.skipped += 1;
      if (this.skippedLines.length < 100) this.skippedLines.push(this.line);
      return;
    }
    this.map.set(postcode.value, area);
  }
}
