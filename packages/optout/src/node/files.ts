import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { OptOutError } from '../errors';

/** Chunk size for reading files: 1 MiB keeps the per-chunk work small and memory flat. */
const CHUNK_BYTES = 1024 * 1024;

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : 'unknown';
}

/**
 * Reads a UTF-8 text file as chunks of text (a byte-order mark is dropped). File errors become
 * {@link OptOutError}s with code `io` naming the file and the reason, and so does a file that is
 * not UTF-8: decoding it anyway would pass replacement characters on in place of its data.
 *
 * @example
 * ```ts
 * for await (const chunk of readTextChunks('export.ndjson')) reader.push(chunk);
 * ```
 */
export async function* readTextChunks(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const decode = (bytes?: Buffer): string => {
    try {
      return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch (error) {
      const end = offset + (bytes?.length ?? 0);
      throw new OptOutError(
        'io',
        `cannot read ${path}: it is not valid UTF-8 (a bad byte between byte ${String(offset)} and ${String(end)})`,
        { cause: error },
      );
    }
  };
  try {
    for await (const chunk of stream) {
      const text = decode(chunk as Buffer);
      offset += (chunk as Buffer).length;
      if (text !== '') yield text;
    }
    const rest = decode();
    if (rest !== '') yield rest;
  } catch (error) {
    if (error instanceof OptOutError) throw error;
    throw new OptOutError('io', `cannot read ${path}: ${errorCode(error)}`, { cause: error });
  } finally {
    stream.destroy();
  }
}

/**
 * Reads a whole UTF-8 text file, refusing files over `maxBytes`.
 *
 * @throws {OptOutError} `io` when unreadable, `limit` when too large.
 * @example
 * ```ts
 * const text = await readTextFile('policy.yaml', 1_048_576);
 * ```
 */
export async function readTextFile(path: string, maxBytes: number): Promise<string> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new OptOutError('io', `cannot read ${path}: ${errorCode(error)}`, { cause: error });
  }
  if (size > maxBytes) {
    throw new OptOutError(
      'limit',
      `${path} is ${String(size)} bytes; the limit is ${String(maxBytes)}`,
    );
  }
  const parts: string[] = [];
  for await (const chunk of readTextChunks(path)) parts.push(chunk);
  return parts.join('');
}

/**
 * Where filtered output goes: a function taking text (it may return a promise to apply
 * backpressure).
 *
 * @example
 * ```ts
 * const sink: TextSink = (text) => process.stdout.write(text);
 * ```
 */
export type TextSink = (text: string) => void | Promise<void>;

/**
 * A file being written: text goes to `<path>.partial`, which `commit` renames to `path` and
 * `abort` removes, so a failed run never leaves a half-written file under the real name.
 *
 * @example
 * ```ts
 * const file = await openOutputFile('filtered.ndjson');
 * try { await file.write(text); await file.commit(); } catch (error) { await file.abort(); throw error; }
 * ```
 */
export interface OutputFile {
  readonly write: (text: string) => Promise<void>;
  readonly commit: () => Promise<void>;
  readonly abort: () => Promise<void>;
  readonly bytes: () => number;
}

/**
 * Opens `path` for writing through a `.partial` file (see {@link OutputFile}).
 *
 * @example
 * ```ts
 * const file = await openOutputFile('request.dat');
 * ```
 */
export async function openOutputFile(path: string): Promise<OutputFile> {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial, { encoding: 'utf8' });
  let failure: unknown;
  let written = 0;
  stream.on('error', (error) => {
    failure = error;
  });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => {
      resolve();
    });
    stream.once('error', reject);
  }).catch((error: unknown) => {
    throw new OptOutError('io', `cannot write ${path}: ${errorCode(error)}`, { cause: error });
  });
  const check = (): void => {
    if (failure !== undefined) {
      throw new OptOutError('io', `cannot write ${path}: ${errorCode(failure)}`, {
        cause: failure,
      });
    }
  };
  return {
    write: async (text) => {
      check();
      if (text === '') return;
      written += Buffer.byteLength(text, 'utf8');
      if (!stream.write(text)) {
        await new Promise<void>((resolve) => stream.once('drain', resolve));
      }
      check();
    },
    commit: async () => {
      await new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => {
          if (error) reject(error);
          else resolve();
        });
      }).catch((error: unknown) => {
        throw new OptOutError('io', `cannot write ${path}: ${errorCode(error)}`, { cause: error });
      });
      check();
      await rename(partial, path);
    },
    abort: async () => {
      stream.destroy();
      await rm(partial, { force: true });
    },
    bytes: () => written,
  };
}
