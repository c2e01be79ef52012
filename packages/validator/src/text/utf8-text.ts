import type { TextPosition, TextProblem } from './json-text';

/** The result of {@link decodeUtf8Text}. */
export type DecodedText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: TextProblem };

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes that must be UTF-8 (as FHIR JSON always is), refusing what a lenient decoder
 * would silently turn into U+FFFD: invalid UTF-8 gives the position of the first bad byte, and
 * UTF-16 or UTF-32 text is named as such. A leading UTF-8 byte order mark is dropped, as
 * RFC 8259 lets parsers do.
 *
 * @example
 * decodeUtf8Text(new Uint8Array([0x7b, 0xe9, 0x7d]));
 * // { ok: false, problem: { code: 'structure', diagnostics: 'Not valid UTF-8: the byte 0xE9 …', position: { line: 1, column: 2 } } }
 */
export function decodeUtf8Text(bytes: Uint8Array): DecodedText {
  const wide = wideEncoding(bytes);
  if (wide !== undefined) {
    return {
      ok: false,
      problem: {
        code: 'structure',
        diagnostics: `The text is ${wide}, not UTF-8: FHIR JSON is always UTF-8`,
      },
    };
  }
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      problem: {
        code: 'structure',
        diagnostics: `Not valid UTF-8: the byte 0x${byte} does not begin or continue a UTF-8 character (FHIR JSON is always UTF-8; was the text saved as Windows-1252 or Latin-1?)`,
        position: bytePosition(bytes, offset),
      },
    };
  }
}

/** UTF-16 or UTF-32, told by a byte order mark or (RFC 4627) by zero bytes among the first. */
function wideEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe) {
    return b2 === 0 && b3 === 0 ? 'UTF-32 (little-endian)' : 'UTF-16 (little-endian)';
  }
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 (big-endian)';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 (big-endian)';
  if (bytes.length >= 2 && (b0 === 0 || b1 === 0)) return 'UTF-16 or UTF-32 (it has zero bytes)';
  return undefined;
}

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence and the range of its second byte (RFC 3629, section 4).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** The line and column (in characters, as for text) of a byte offset in valid UTF-8 before it. */
function bytePosition(bytes: Uint8Array, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // The bytes before the bad one are valid; a leading byte order mark is not a column.
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}
