const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const BUNDLE_START = Buffer.from('{"resourceType":"Bundle"');
const ENTRY_START = Buffer.from('{"fullUrl":"');
const RESOURCE_KEY = Buffer.from('"resource":{');
const ENTRIES_END = Buffer.from(']}');

/** A Bundle file's resources with a canonical URL, by `resourceType|url`. */
export interface BundleLookup {
  get(key: string): Record<string, unknown> | undefined;
}

/**
 * The resources of a Bundle file: indexed lazily when the file is laid out as
 * {@link LazyBundle} expects, else parsed whole.
 *
 * @example
 * ```ts
 * openBundle(readFileSync(file)).get('CodeSystem|http://hl7.org/fhir/administrative-gender');
 * ```
 */
export function openBundle(bytes: Buffer): BundleLookup {
  return LazyBundle.open(bytes) ?? parseWholeBundle(bytes);
}

/**
 * Every resource of a Bundle file with a canonical URL, parsed at once (when several share a key,
 * the last wins, as with {@link LazyBundle}).
 *
 * @throws {SyntaxError} when the file is not JSON.
 * @example
 * ```ts
 * parseWholeBundle(readFileSync(file)).get('ValueSet|http://hl7.org/fhir/ValueSet/languages');
 * ```
 */
export function parseWholeBundle(bytes: Buffer): BundleLookup {
  const byKey = new Map<string, Record<string, unknown>>();
  const parsed = JSON.parse(bytes.toString('utf8')) as {
    entry?: { resource?: Record<string, unknown> }[];
  };
  for (const entry of parsed.entry ?? []) {
    const resource = entry.resource;
    if (resource !== undefined && typeof resource.url === 'string') {
      byKey.set(`${String(resource.resourceType)}|${resource.url}`, resource);
    }
  }
  return byKey;
}

/** Where a resource's JSON lies in the file: byte offsets, `end` excluded. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * The resources with a canonical URL in a minified FHIR Bundle file (`{"fullUrl":…,"resource":
 * {…}}` entries, as the hl7.fhir.r4.core bundles are written), by `resourceType|url`. Opening
 * one reads only each resource's `resourceType` and `url`; a resource is decoded and parsed when
 * first asked for. The R4 bundles are tens of megabytes, of which a profile needs a few entries.
 *
 * @example
 * ```ts
 * const bundle = LazyBundle.open(readFileSync(file));
 * bundle?.get('ValueSet|http://hl7.org/fhir/ValueSet/administrative-gender');
 * ```
 */
export class LazyBundle implements BundleLookup {
  private readonly parsed = new Map<string, Record<string, unknown>>();

  private constructor(
    private readonly bytes: Buffer,
    private readonly spans: ReadonlyMap<string, Span>,
  ) {}

  /**
   * Indexes a Bundle file, or gives `undefined` when it is not laid out as expected (then the
   * caller parses it whole).
   */
  static open(bytes: Buffer): LazyBundle | undefined {
    const spans = LazyBundle.index(bytes);
    return spans === undefined ? undefined : new LazyBundle(bytes, spans);
  }

  /**
   * Where each resource with a canonical URL lies in a Bundle file, by `resourceType|url`, or
   * `undefined` when the file is not laid out as expected.
   */
  static index(bytes: Buffer): Map<string, Span> | undefined {
    if (!startsWith(bytes, 0, BUNDLE_START)) return undefined;
    const last = lastNonSpace(bytes);
    if (last < 1 || !startsWith(bytes, last - 1, ENTRIES_END)) return undefined;
    const entriesEnd = last - 1;
    const spans = new Map<string, Span>();
    let entry = bytes.indexOf(ENTRY_START);
    while (entry >= 0) {
      const next = bytes.indexOf(ENTRY_START, entry + ENTRY_START.length);
      // An entry ends with the resource's and its own closing braces, then a comma or the `]`.
      const end = next >= 0 ? next - 1 : entriesEnd;
      if (next >= 0 && bytes[end] !== COMMA) return undefined;
      if (bytes[end - 1] !== CLOSE_BRACE || bytes[end - 2] !== CLOSE_BRACE) return undefined;
      const key = bytes.indexOf(RESOURCE_KEY, entry);
      if (key < 0 || key >= end) return undefined;
      const span = { start: key + RESOURCE_KEY.length - 1, end: end - 1 };
      const { resourceType, url } = topLevelNames(bytes, span);
      // Every resource names its type: a file where that is not found is not laid out as expected.
      if (resourceType === undefined) return undefined;
      if (url !== undefined) spans.set(`${resourceType}|${url}`, span);
      entry = next;
    }
    return spans;
  }

  /**
   * The resource with this `resourceType|url` key, parsed on first use.
   *
   * @throws {SyntaxError} when the resource's JSON is malformed.
   */
  get(key: string): Record<string, unknown> | undefined {
    const cached = this.parsed.get(key);
    if (cached !== undefined) return cached;
    const span = this.spans.get(key);
    if (span === undefined) return undefined;
    const resource = JSON.parse(this.bytes.toString('utf8', span.start, span.end)) as Record<
      string,
      unknown
    >;
    this.parsed.set(key, resource);
    return resource;
  }
}

function startsWith(bytes: Buffer, at: number, prefix: Buffer): boolean {
  return at >= 0 && bytes.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

function lastNonSpace(bytes: Buffer): number {
  let at = bytes.length - 1;
  while (at >= 0 && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at -= 1;
  return at;
}

/** The index of the quote that closes the string opening at `open`, or -1. */
function stringEnd(bytes: Buffer, open: number): number {
  let close = bytes.indexOf(QUOTE, open + 1);
  while (close >= 0) {
    let backslashes = 0;
    while (bytes[close - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return close;
    close = bytes.indexOf(QUOTE, close + 1);
  }
  return -1;
}

function stringValue(bytes: Buffer, open: number, close: number): string {
  const raw = bytes.toString('utf8', open + 1, close);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/**
 * The `resourceType` and `url` of the object at `span`, read by skipping over everything else
 * (strings are stepped over whole, so a narrative costs one search).
 */
function topLevelNames(
  bytes: Buffer,
  span: Span,
): { resourceType: string | undefined; url: string | undefined } {
  let resourceType: string | undefined;
  let url: string | undefined;
  let depth = 0;
  let at = span.start;
  while (at < span.end && (resourceType === undefined || url === undefined)) {
    const byte = bytes[at];
    if (byte === QUOTE) {
      const close = stringEnd(bytes, at);
      if (close < 0 || close >= span.end) break;
      if (depth === 1 && bytes[close + 1] === COLON && bytes[close + 2] === QUOTE) {
        const name = bytes.toString('latin1', at + 1, close);
        if (name === 'resourceType' || name === 'url') {
          const valueClose = stringEnd(bytes, close + 2);
          if (valueClose < 0 || valueClose >= span.end) break;
          const value = stringValue(bytes, close + 2, valueClose);
          if (name === 'url') url = value;
          else resourceType = value;
          at = valueClose + 1;
          continue;
        }
      }
      at = close + 1;
      continue;
    }
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth -= 1;
    at += 1;
  }
  return { resourceType, url };
}
