import { decodeUtf8Text } from '../text/utf8-text';

/**
 * One line of a text stream: its 1-based number and text, or a note that it was too long. A line
 * that is not valid UTF-8 comes with `notUtf8` (what is wrong, and the column), and its text read
 * with replacement characters.
 */
export type TextLine =
  | {
      readonly line: number;
      readonly text: string;
      readonly tooLong?: undefined;
      readonly notUtf8?: { readonly diagnostics: string; readonly column: number };
    }
  | { readonly line: number; readonly tooLong: true; readonly bytes: number };

const LF = 0x0a;
const CR = 0x0d;
const encoder = new TextEncoder();
const lenient = new TextDecoder('utf-8');

/**
 * Splits a stream of UTF-8 chunks into lines (LF or CRLF) in constant memory: a line longer than
 * `maxLineBytes` is not buffered; it comes out as `tooLong` and the reader skips to the next
 * line. Each line is decoded on its own, so bytes that are not UTF-8 are reported on their line
 * and the lines after it are still read. A byte order mark at the start of a line is dropped.
 * Works on Node streams and web streams alike (anything async-iterable); string chunks are taken
 * as text.
 *
 * @example
 * ```ts
 * for await (const line of readLines(createReadStream('export.ndjson'), 64 * 1024 * 1024)) {
 *   if (line.tooLong === undefined) handle(line.text);
 * }
 * ```
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<TextLine> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  // Bytes of a line over the limit, counted but not kept; undefined when not skipping.
  let skipped: number | undefined;
  let line = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(LF); nl !== -1; nl = bytes.indexOf(LF, start)) {
      const piece = bytes.subarray(start, nl);
      start = nl + 1;
      line++;
      if (skipped !== undefined) {
        yield { line, tooLong: true, bytes: skipped + piece.length };
        skipped = undefined;
        continue;
      }
      const whole =
        pendingBytes === 0 ? piece : join([...pending, piece], pendingBytes + piece.length);
      pending = [];
      pendingBytes = 0;
      yield decodeLine(line, whole, maxLineBytes);
    }
    const rest = bytes.subarray(start);
    if (skipped !== undefined) skipped += rest.length;
    else if (rest.length > 0) {
      // Copied: a stream may reuse the memory of a chunk once it has been read.
      pending.push(rest.slice());
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) {
        skipped = pendingBytes;
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (skipped !== undefined) yield { line: line + 1, tooLong: true, bytes: skipped };
  else if (pendingBytes > 0) yield decodeLine(line + 1, join(pending, pendingBytes), maxLineBytes);
}

function decodeLine(line: number, raw: Uint8Array, maxLineBytes: number): TextLine {
  const bytes = raw.at(-1) === CR ? raw.subarray(0, -1) : raw;
  if (bytes.length > maxLineBytes) return { line, tooLong: true, bytes: bytes.length };
  const decoded = decodeUtf8Text(bytes);
  if (decoded.ok) return { line, text: decoded.text };
  return {
    line,
    text: lenient.decode(bytes),
    notUtf8: {
      diagnostics: decoded.problem.diagnostics,
      column: decoded.problem.position?.column ?? 1,
    },
  };
}

function join(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
