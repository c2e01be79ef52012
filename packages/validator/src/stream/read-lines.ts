/** One line of a text stream: its 1-based number and text, or a note that it was too long. */
export type TextLine =
  | { readonly line: number; readonly text: string; readonly tooLong?: undefined }
  | { readonly line: number; readonly tooLong: true; readonly bytes: number };

/**
 * Splits a stream of UTF-8 chunks into lines (LF or CRLF) in constant memory: a line longer than
 * `maxLineBytes` is not buffered; it comes out as `tooLong` and the reader skips to the next
 * line. Works on Node streams and web streams alike (anything async-iterable).
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
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let pendingBytes = 0;
  let skipping = false;
  let skippedBytes = 0;
  let line = 0;
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      start = nl + 1;
      line++;
      if (skipping) {
        yield { line, tooLong: true, bytes: skippedBytes + piece.length };
        skipping = false;
        skippedBytes = 0;
        continue;
      }
      const whole = stripCr(pending + piece);
      pending = '';
      pendingBytes = 0;
      if (whole.length > maxLineBytes) yield { line, tooLong: true, bytes: whole.length };
      else yield { line, text: whole };
    }
    const rest = text.slice(start);
    if (skipping) skippedBytes += rest.length;
    else {
      pending += rest;
      pendingBytes += rest.length;
      if (pendingBytes > maxLineBytes) {
        skipping = true;
        skippedBytes = pendingBytes;
        pending = '';
        pendingBytes = 0;
      }
    }
  }
  const tail = decoder.decode();
  if (!skipping) pending += tail;
  if (skipping) yield { line: line + 1, tooLong: true, bytes: skippedBytes };
  else if (pending.length > 0) yield { line: line + 1, text: stripCr(pending) };
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
