import { describe, expect, it } from 'vitest';
import { NdjsonEncodingError, NdjsonIdleError, NdjsonLimitError, ndjsonLines } from './ndjson';
import type { NdjsonLine } from './ndjson';

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index];
      index += 1;
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

function splitEvery(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size)
    chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

async function lines(
  stream: ReadableStream<Uint8Array>,
  maxLineChars = 1000,
): Promise<NdjsonLine[]> {
  const result: NdjsonLine[] = [];
  for await (const line of ndjsonLines(stream, { maxLineChars, idleTimeoutMs: 1000 }))
    result.push(line);
  return result;
}

describe('ndjsonLines', () => {
  const text = '{"a":"é"}\n\n{"b":"日本"}\r\n   \n{"c":3}';

  it.each([1, 2, 3, 5, 100])('splits lines and UTF-8 across chunks of %d bytes', async (size) => {
    expect(await lines(streamOf(splitEvery(text, size)))).toEqual([
      { line: 1, text: '{"a":"é"}' },
      { line: 3, text: '{"b":"日本"}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('handles an empty stream and a trailing newline', async () => {
    expect(await lines(streamOf([]))).toEqual([]);
    expect(await lines(streamOf(splitEvery('{"a":1}\n', 3)))).toEqual([
      { line: 1, text: '{"a":1}' },
    ]);
  });

  it('fails on a line past the limit, also before its newline arrives', async () => {
    await expect(
      lines(streamOf(splitEvery('{"a":1}\n{"b":"long long long"}\n', 4)), 10),
    ).rejects.toEqual(new NdjsonLimitError(2));
    await expect(lines(streamOf(splitEvery('x'.repeat(50), 4)), 10)).rejects.toBeInstanceOf(
      NdjsonLimitError,
    );
  });

  it('fails on a line that is not UTF-8, naming it, instead of passing on replacement characters', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"a":1}\n{"name":"Ren'),
      0xe9,
      ...new TextEncoder().encode('"}\n'),
    ]);
    for (const size of [1, 4, 100]) {
      const chunks: Uint8Array[] = [];
      for (let start = 0; start < bytes.length; start += size)
        chunks.push(bytes.subarray(start, start + size));
      await expect(lines(streamOf(chunks))).rejects.toEqual(new NdjsonEncodingError(2));
    }
  });

  it('fails when no data arrives within the idle timeout', async () => {
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) });
    const reading = (async () => {
      for await (const line of ndjsonLines(stalled, { maxLineChars: 10, idleTimeoutMs: 30 })) {
        expect.fail(`no line should arrive, got line ${String(line.line)}`);
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(NdjsonIdleError);
  });
});
