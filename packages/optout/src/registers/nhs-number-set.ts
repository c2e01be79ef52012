import { nhsNumberCheckDigit, parseNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';

/**
 * The check digit of an NHS number follows from its first nine digits, so a valid number is
 * fully described by its stem, an integer below 10^9. Sets store stems.
 */
const STEM_LIMIT = 1_000_000_000;
const PAGE_SHIFT = 16;
const PAGE_STEMS = 1 << PAGE_SHIFT;
const PAGE_WORDS = PAGE_STEMS >>> 5;
const PAGE_BYTES = PAGE_WORDS * 4;
const PAGE_COUNT = Math.ceil(STEM_LIMIT / PAGE_STEMS);
const DIGIT_ZERO = 48;

/**
 * The first nine digits of an NHS number as an integer (its "stem"): with the check digit
 * implied, the stem identifies the number.
 *
 * @example
 * ```ts
 * nhsNumberStem(assertNhsNumber('9434765919')); // 943476591
 * ```
 */
export function nhsNumberStem(nhsNumber: NhsNumber): number {
  let stem = 0;
  for (let index = 0; index < 9; index += 1) {
    stem = stem * 10 + (nhsNumber.charCodeAt(index) - DIGIT_ZERO);
  }
  return stem;
}

/**
 * Weighted digit sums for three-digit groups: the modulus 11 sum of a stem is
 * `HIGH[first three] + MIDDLE[next three] + LOW[last three]` (weights 10-8, 7-5, 4-2).
 */
function groupSums(weights: readonly [number, number, number]): Uint16Array {
  const table = new Uint16Array(1000);
  for (let group = 0; group < 1000; group += 1) {
    table[group] =
      Math.floor(group / 100) * weights[0] +
      (Math.floor(group / 10) % 10) * weights[1] +
      (group % 10) * weights[2];
  }
  return table;
}

const HIGH = groupSums([10, 9, 8]);
const MIDDLE = groupSums([7, 6, 5]);
const LOW = groupSums([4, 3, 2]);

/** Whether the stem's modulus 11 check value is not 10 (and it is not a repdigit stem). */
function isIssuableStem(stem: number): boolean {
  const sum =
    (HIGH[(stem / 1_000_000) | 0] as number) +
    (MIDDLE[((stem / 1000) | 0) % 1000] as number) +
    (LOW[stem % 1000] as number);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10) return false;
  // The ten repdigits pass the arithmetic but are never issued.
  return stem % 111_111_111 !== 0 || stem / 111_111_111 !== check;
}

/** The NHS number for a stem, or `undefined` when the stem can never be issued. */
function nhsNumberFromStem(stem: number): NhsNumber | undefined {
  const first = String(stem).padStart(9, '0');
  const check = nhsNumberCheckDigit(first);
  if (check === undefined) return undefined;
  const parsed = parseNhsNumber(first + String(check));
  return parsed.ok ? parsed.value : undefined;
}

const EMPTY_PAGE = new Uint32Array(PAGE_WORDS);

/** A paged bitset over all 10^9 stems: a page of 65,536 bits is allocated on first use. */
class PagedBitset {
  readonly pages: Uint32Array[] = new Array<Uint32Array>(PAGE_COUNT).fill(EMPTY_PAGE);
  count = 0;

  add(stem: number): boolean {
    const pageIndex = stem >>> PAGE_SHIFT;
    let page = this.pages[pageIndex] as Uint32Array;
    if (page === EMPTY_PAGE) {
      page = new Uint32Array(PAGE_WORDS);
      this.pages[pageIndex] = page;
    }
    const word = (stem & (PAGE_STEMS - 1)) >>> 5;
    const bit = 1 << (stem & 31);
    const current = page[word] as number;
    if ((current & bit) !== 0) return false;
    page[word] = current | bit;
    this.count += 1;
    return true;
  }

  has(stem: number): boolean {
    const page = this.pages[stem >>> PAGE_SHIFT];
    if (page === undefined) return false;
    return ((page[(stem & (PAGE_STEMS - 1)) >>> 5] as number) & (1 << (stem & 31))) !== 0;
  }

  *stems(): Generator<number> {
    for (let pageIndex = 0; pageIndex < PAGE_COUNT; pageIndex += 1) {
      const page = this.pages[pageIndex] as Uint32Array;
      if (page === EMPTY_PAGE) continue;
      const base = pageIndex << PAGE_SHIFT;
      for (let word = 0; word < PAGE_WORDS; word += 1) {
        let bits = page[word] as number;
        while (bits !== 0) {
          const low = bits & -bits;
          yield base + (word << 5) + (31 - Math.clz32(low));
          bits ^= low;
        }
      }
    }
  }
}

/**
 * The final form of a large set: one flat bitset over the stems from the first to the last
 * page in use, so that a lookup is one read from one array.
 */
class FlatBitset {
  readonly words: Uint32Array;
  readonly base: number;
  readonly limit: number;

  /** Moves the pages of `paged` into one array, releasing each page as it goes. */
  constructor(paged: PagedBitset) {
    let first = -1;
    let last = -1;
    for (let pageIndex = 0; pageIndex < PAGE_COUNT; pageIndex += 1) {
      if (paged.pages[pageIndex] === EMPTY_PAGE) continue;
      if (first < 0) first = pageIndex;
      last = pageIndex;
    }
    const pages = first < 0 ? 0 : last - first + 1;
    this.words = new Uint32Array(pages * PAGE_WORDS);
    this.base = Math.max(first, 0) * PAGE_STEMS;
    this.limit = pages * PAGE_STEMS;
    for (let offset = 0; offset < pages; offset += 1) {
      const pageIndex = first + offset;
      const page = paged.pages[pageIndex] as Uint32Array;
      if (page === EMPTY_PAGE) continue;
      this.words.set(page, offset * PAGE_WORDS);
      paged.pages[pageIndex] = EMPTY_PAGE;
    }
  }

  static byteLength(paged: PagedBitset): number {
    let first = -1;
    let last = -1;
    for (let pageIndex = 0; pageIndex < PAGE_COUNT; pageIndex += 1) {
      if (paged.pages[pageIndex] === EMPTY_PAGE) continue;
      if (first < 0) first = pageIndex;
      last = pageIndex;
    }
    return first < 0 ? 0 : (last - first + 1) * PAGE_BYTES;
  }

  has(stem: number): boolean {
    const offset = stem - this.base;
    if (offset < 0 || offset >= this.limit) return false;
    return ((this.words[offset >>> 5] as number) & (1 << (offset & 31))) !== 0;
  }

  /**
   * Looks up `stems[0..count)`, writing 0 or 1 to `out` from `outStart`; returns how many are
   * held. Branch-free on the answer, so a mispredicted branch never stalls the memory reads.
   */
  hasEach(stems: Uint32Array, count: number, out: Uint8Array, outStart: number): number {
    const words = this.words;
    const base = this.base;
    const limit = this.limit;
    let held = 0;
    for (let index = 0; index < count; index += 1) {
      // Unsigned, so a stem below the base is out of range too.
      const offset = ((stems[index] as number) - base) >>> 0;
      const bit = offset < limit ? ((words[offset >>> 5] as number) >>> (offset & 31)) & 1 : 0;
      out[outStart + index] = bit;
      held += bit;
    }
    return held;
  }

  get byteLength(): number {
    return this.words.byteLength;
  }

  *stems(): Generator<number> {
    const words = this.words;
    for (let word = 0; word < words.length; word += 1) {
      let bits = words[word] as number;
      while (bits !== 0) {
        const low = bits & -bits;
        yield this.base + (word << 5) + (31 - Math.clz32(low));
        bits ^= low;
      }
    }
  }
}

/** Sorted stems with a directory of bucket starts, for sets much smaller than the bitset. */
class SortedStems {
  readonly stems: Uint32Array;
  readonly directory: Uint32Array;
  readonly shift: number;

  constructor(stems: Uint32Array) {
    this.stems = stems;
    let bucketBits = 0;
    while (bucketBits < 24 && 1 << (bucketBits + 2) < stems.length) bucketBits += 1;
    this.shift = 30 - bucketBits;
    const buckets = 1 << bucketBits;
    const directory = new Uint32Array(buckets + 1);
    let position = 0;
    for (let bucket = 0; bucket < buckets; bucket += 1) {
      directory[bucket] = position;
      while (position < stems.length && (stems[position] as number) >>> this.shift === bucket) {
        position += 1;
      }
    }
    directory[buckets] = stems.length;
    this.directory = directory;
  }

  static byteLength(count: number): number {
    let bucketBits = 0;
    while (bucketBits < 24 && 1 << (bucketBits + 2) < count) bucketBits += 1;
    return count * 4 + ((1 << bucketBits) + 1) * 4;
  }

  has(stem: number): boolean {
    const bucket = stem >>> this.shift;
    let low = this.directory[bucket] as number;
    let high = (this.directory[bucket + 1] as number) - 1;
    const stems = this.stems;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = stems[middle] as number;
      if (value === stem) return true;
      if (value < stem) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  get byteLength(): number {
    return this.stems.byteLength + this.directory.byteLength;
  }
}

let createSet: (
  bitset: PagedBitset,
  representation: 'auto' | NhsNumberSetRepresentation,
) => NhsNumberSet;

/**
 * How an {@link NhsNumberSet} stores its numbers: `bitset` (one bit per possible number between
 * the lowest and highest 65,536-number page in use, at most 125 MB for any count) or `sorted`
 * (4 bytes a number plus a small directory). `auto` picks the smaller.
 *
 * @example
 * ```ts
 * const representation: NhsNumberSetRepresentation = 'bitset';
 * ```
 */
export type NhsNumberSetRepresentation = 'bitset' | 'sorted';

/**
 * A compact, immutable set of NHS numbers for registers of any size, up to every number that
 * can be issued. 60 million numbers take at most 125 MB and one lookup is a few array reads
 * (see `bench/suites/optout-register.mjs`). Build one with {@link NhsNumberSet.from} or an
 * {@link NhsNumberSetBuilder}. Iteration yields numbers in ascending order.
 *
 * @example
 * ```ts
 * const optedOut = NhsNumberSet.from([assertNhsNumber('9990000018')]);
 * optedOut.has(assertNhsNumber('9990000018')); // true
 * optedOut.size; // 1
 * ```
 */
export class NhsNumberSet implements Iterable<NhsNumber> {
  /** The number of distinct NHS numbers held. */
  readonly size: number;
  readonly representation: NhsNumberSetRepresentation;
  private readonly bitset: FlatBitset | undefined;
  private readonly sorted: SortedStems | undefined;

  private constructor(
    size: number,
    bitset: FlatBitset | undefined,
    sorted: SortedStems | undefined,
  ) {
    this.size = size;
    this.bitset = bitset;
    this.sorted = sorted;
    this.representation = bitset ? 'bitset' : 'sorted';
  }

  static {
    createSet = (bitset, representation) => {
      const useSorted =
        representation === 'sorted' ||
        (representation === 'auto' &&
          SortedStems.byteLength(bitset.count) < FlatBitset.byteLength(bitset));
      if (!useSorted) return new NhsNumberSet(bitset.count, new FlatBitset(bitset), undefined);
      const stems = new Uint32Array(bitset.count);
      let index = 0;
      for (const stem of bitset.stems()) stems[index++] = stem;
      return new NhsNumberSet(bitset.count, undefined, new SortedStems(stems));
    };
  }

  /**
   * A set of the given numbers (duplicates are kept once).
   *
   * @example
   * ```ts
   * NhsNumberSet.from([assertNhsNumber('9434765919'), assertNhsNumber('9434765919')]).size; // 1
   * ```
   */
  static from(
    numbers: Iterable<NhsNumber>,
    representation: 'auto' | NhsNumberSetRepresentation = 'auto',
  ): NhsNumberSet {
    const builder = new NhsNumberSetBuilder();
    for (const nhsNumber of numbers) builder.add(nhsNumber);
    return builder.build(representation);
  }

  /**
   * Whether the set holds `nhsNumber`.
   *
   * @example
   * ```ts
   * set.has(assertNhsNumber('9434765919')); // true or false
   * ```
   */
  has(nhsNumber: NhsNumber): boolean {
    return this.hasStem(nhsNumberStem(nhsNumber));
  }

  /**
   * Whether the set holds the number with this stem ({@link nhsNumberStem}).
   *
   * @example
   * ```ts
   * set.hasStem(943476591); // same as set.has('9434765919')
   * ```
   */
  hasStem(stem: number): boolean {
    if (this.bitset) return this.bitset.has(stem);
    return (this.sorted as SortedStems).has(stem);
  }

  /**
   * Looks up many numbers at once, writing 1 (held) or 0 into `out` at the same index, and
   * returns how many are held. For large sets, about three times as fast as calling
   * {@link NhsNumberSet.has} in a loop: the stems are worked out first, so the memory reads of the
   * lookups overlap (over 20 million a second on one core with 60 million numbers held).
   *
   * @throws {RangeError} when `out` is shorter than `numbers`.
   * @example
   * ```ts
   * const held = new Uint8Array(cohort.length);
   * const optedOutCount = optedOut.hasMany(cohort, held);
   * ```
   */
  hasMany(numbers: readonly NhsNumber[], out: Uint8Array): number {
    if (out.length < numbers.length) {
      throw new RangeError('hasMany: out must be at least as long as numbers');
    }
    const stems = new Uint32Array(Math.min(numbers.length, 1024));
    let held = 0;
    for (let start = 0; start < numbers.length; start += stems.length) {
      const count = Math.min(stems.length, numbers.length - start);
      for (let index = 0; index < count; index += 1) {
        stems[index] = nhsNumberStem(numbers[start + index] as NhsNumber);
      }
      if (this.bitset) {
        held += this.bitset.hasEach(stems, count, out, start);
        continue;
      }
      const sorted = this.sorted as SortedStems;
      for (let index = 0; index < count; index += 1) {
        const found = sorted.has(stems[index] as number);
        out[start + index] = found ? 1 : 0;
        if (found) held += 1;
      }
    }
    return held;
  }

  /**
   * Bytes held by the set's arrays (the JS object overhead, a few hundred bytes, aside).
   *
   * @example
   * ```ts
   * console.log(`${(set.byteLength / 1e6).toFixed(1)} MB`);
   * ```
   */
  get byteLength(): number {
    return this.bitset ? this.bitset.byteLength : (this.sorted as SortedStems).byteLength;
  }

  /**
   * The numbers in ascending order.
   *
   * @example
   * ```ts
   * for (const nhsNumber of set) writeLine(`${nhsNumber},`);
   * ```
   */
  *[Symbol.iterator](): Iterator<NhsNumber> {
    const stems: Iterable<number> = this.bitset
      ? this.bitset.stems()
      : (this.sorted as SortedStems).stems;
    for (const stem of stems) {
      const nhsNumber = nhsNumberFromStem(stem);
      if (nhsNumber !== undefined) yield nhsNumber;
    }
  }
}

/**
 * Collects NHS numbers for an {@link NhsNumberSet}, deduplicating as it goes (memory at most
 * about 125 MB whatever the count; no sort is needed). Also usable on its own as a growing set,
 * for example to drop duplicates from a cohort while streaming it.
 *
 * @example
 * ```ts
 * const builder = new NhsNumberSetBuilder();
 * builder.add(assertNhsNumber('9990000018')); // true: new
 * builder.add(assertNhsNumber('9990000018')); // false: already there
 * const set = builder.build();
 * ```
 */
export class NhsNumberSetBuilder {
  private bitset = new PagedBitset();
  private built = false;

  /**
   * Adds a number; returns `false` when it was already there.
   *
   * @example
   * ```ts
   * if (!builder.add(nhsNumber)) duplicates += 1;
   * ```
   */
  add(nhsNumber: NhsNumber): boolean {
    if (this.built) throw new TypeError('NhsNumberSetBuilder.add called after build()');
    return this.bitset.add(nhsNumberStem(nhsNumber));
  }

  /**
   * Adds the number with this stem ({@link nhsNumberStem}); returns `false` when it was already
   * there. For loaders that hold numbers as integers.
   *
   * @throws {RangeError} when `stem` is not an integer from 0 to 999,999,999 whose check value is
   * not 10 (such stems are never issued).
   * @example
   * ```ts
   * builder.addStem(943476591); // adds 943 476 5919
   * ```
   */
  addStem(stem: number): boolean {
    if (this.built) throw new TypeError('NhsNumberSetBuilder.addStem called after build()');
    if (!Number.isInteger(stem) || stem < 0 || stem >= STEM_LIMIT || !isIssuableStem(stem)) {
      throw new RangeError('addStem expects the first nine digits of a valid NHS number');
    }
    return this.bitset.add(stem);
  }

  /**
   * Whether the number was added.
   *
   * @example
   * ```ts
   * builder.has(nhsNumber); // true after builder.add(nhsNumber)
   * ```
   */
  has(nhsNumber: NhsNumber): boolean {
    return this.bitset.has(nhsNumberStem(nhsNumber));
  }

  /**
   * How many distinct numbers were added.
   *
   * @example
   * ```ts
   * builder.size; // 1
   * ```
   */
  get size(): number {
    return this.bitset.count;
  }

  /**
   * The finished set. The builder cannot be used afterwards.
   *
   * @example
   * ```ts
   * const set = builder.build(); // 'auto' picks the smaller representation
   * ```
   */
  build(representation: 'auto' | NhsNumberSetRepresentation = 'auto'): NhsNumberSet {
    this.built = true;
    const bitset = this.bitset;
    this.bitset = new PagedBitset();
    return createSet(bitset, representation);
  }
}
