/** One line of an NDJSON stream, numbered from 1. */
export interface NdjsonLine {
  readonly line: number;
  readonly text: string;
}

/** Why {@link ndjsonLines} stopped early. */
export class NdjsonLimitError extends Error {
  override readonly name = 'NdjsonLimitError';
  readonly line: number;

  constructor(line: number) {
    super(`line ${String(line)} is longer than the limit`);
    this.line = line;
  }
}

const CARRIAGE_RETURN = 13;

/** No data arrived within the idle timeout. */
export class NdjsonIdleError extends Error {
  override readonly name = 'NdjsonIdleError';
}

async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  idleTimeoutMs: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new NdjsonIdleError(`no data for ${String(idleTimeoutMs)} ms`));
    }, idleTimeoutMs);
  });
  try {
    return await Promise.race([reader.read(), idle]);
  } finally {
    clearTimeout(timer);
  }
}

/** A line is not UTF-8: decoding it anyway would pass replacement characters on as data. */
export class NdjsonEncodingError extends Error {
  override readonly name = 'NdjsonEncodingError';
  readonly line: number;

  constructor(line: number) {
    super(`line ${String(line)} is not valid UTF-8`);
    this.line = line;
  }
}

const LINE_FEED = 10;
const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a byte stream into non-blank lines (LF or CRLF), each decoded as UTF-8 on its own.
 * Blank lines are skipped but counted. Fails with {@link NdjsonLimitError} when a line passes
 * `maxLineChars`, with {@link NdjsonEncodingError} when a line is not UTF-8, and with
 * {@link NdjsonIdleError} when no bytes arrive for `idleTimeoutMs`. Cancels the stream when the
 * consumer stops early or on failure.
 */
export async function* ndjsonLines(
  stream: ReadableStream<Uint8Array>,
  options: { readonly maxLineChars: number; readonly idleTimeoutMs: number },
): AsyncGenerator<NdjsonLine, void, undefined> {
  const reader = stream.getReader();
  // A character takes at most 3 bytes per UTF-16 unit: more pending bytes is surely too long.
  const maxLineBytes = options.maxLineChars * 3;
  let pending = new Uint8Array(0);
  let line = 0;
  let finished = false;
  const decode = (bytes: Uint8Array, at: number): string => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? -1 : undefined;
    let text: string;
    try {
      text = strict.decode(end === undefined ? bytes : bytes.subarray(0, end));
    } catch {
      throw new NdjsonEncodingError(at);
    }
    if (text.length > options.maxLineChars) throw new NdjsonLimitError(at);
    return text;
  };
  try {
    for (;;) {
      const { done, value } = await readWithin(reader, options.idleTimeoutMs);
      const bytes = done ? pending : joinBytes(pending, value);
      let start = 0;
      for (let newline = bytes.indexOf(LINE_FEED); newline >= 0;) {
        line += 1;
        const text = decode(bytes.subarray(start, newline), line);
        start = newline + 1;
        if (text.trim() !== '') yield { line, text };
        newline = bytes.indexOf(LINE_FEED, start);
      }
      pending = bytes.slice(start);
      if (pending.length > maxLineBytes) throw new NdjsonLimitError(line + 1);
      if (done) break;
    }
    if (pending.length > 0) {
      line += 1;
      const text = decode(pending, line);
      if (text.trim() !== '') yield { line, text };
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function joinBytes(head: Uint8Array, tail: Uint8Array): Uint8Array {
  if (head.length === 0) return tail;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
