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

/**
 * Splits a byte stream into non-blank lines (LF or CRLF), decoding UTF-8 across chunk
 * boundaries. Blank lines are skipped but counted. Fails with {@link NdjsonLimitError} when a line
 * passes `maxLineChars`, and with {@link NdjsonIdleError} when no bytes arrive for
 * `idleTimeoutMs`. Cancels the stream when the consumer stops early or on failure.
 */
export async function* ndjsonLines(
  stream: ReadableStream<Uint8Array>,
  options: { readonly maxLineChars: number; readonly idleTimeoutMs: number },
): AsyncGenerator<NdjsonLine, void, undefined> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let buffer = '';
  let line = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await readWithin(reader, options.idleTimeoutMs);
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        line += 1;
        const end =
          newline > start && buffer.charCodeAt(newline - 1) === CARRIAGE_RETURN
            ? newline - 1
            : newline;
        if (end - start > options.maxLineChars) throw new NdjsonLimitError(line);
        const text = buffer.slice(start, end);
        start = newline + 1;
        if (text.trim() !== '') yield { line, text };
        newline = buffer.indexOf('\n', start);
      }
      buffer = buffer.slice(start);
      if (buffer.length > options.maxLineChars) throw new NdjsonLimitError(line + 1);
      if (done) break;
    }
    if (buffer.trim() !== '') {
      line += 1;
      yield { line, text: buffer.replace(/\r$/, '') };
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
