import { describe, expect, it } from 'vitest';
import { createValidator, DEFAULT_LIMITS } from '../index';
import { readLines } from './read-lines';
import { validateNdjson } from './validate-ndjson';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield await Promise.resolve(part);
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('readLines', () => {
  it('splits LF and CRLF lines across chunk boundaries, multi-byte characters included', async () => {
    const bytes = new TextEncoder().encode('ab\r\ncé\nd');
    const lines = await collect(
      readLines(chunks(bytes.slice(0, 3), bytes.slice(3, 6), bytes.slice(6)), 100),
    );
    expect(lines).toEqual([
      { line: 1, text: 'ab' },
      { line: 2, text: 'cé' },
      { line: 3, text: 'd' },
    ]);
  });

  it('reports a line over the limit without buffering it, then carries on', async () => {
    const long = 'x'.repeat(50);
    const lines = await collect(
      readLines(chunks('ok\n', long.slice(0, 30), long.slice(30), '\nafter\n'), 20),
    );
    expect(lines[0]).toEqual({ line: 1, text: 'ok' });
    expect(lines[1]).toMatchObject({ line: 2, tooLong: true });
    expect(lines[2]).toEqual({ line: 3, text: 'after' });
  });

  it('reports a line that is not UTF-8 on that line, and reads on; drops a leading byte order mark', async () => {
    const bytes = new Uint8Array([
      ...[0xef, 0xbb, 0xbf],
      ...new TextEncoder().encode('ok\r\nRen'),
      0xe9,
      ...new TextEncoder().encode('\nnext'),
    ]);
    const lines = await collect(readLines(chunks(bytes.slice(0, 2), bytes.slice(2)), 100));
    expect(lines).toEqual([
      { line: 1, text: 'ok' },
      {
        line: 2,
        text: 'Ren\ufffd',
        notUtf8: { diagnostics: expect.stringMatching(/^Not valid UTF-8/) as unknown, column: 4 },
      },
      { line: 3, text: 'next' },
    ]);
  });

  it('measures the limit in bytes, not characters', async () => {
    const lines = await collect(readLines(chunks('éé\néé\n'), 4));
    expect(lines).toEqual([
      { line: 1, text: 'éé' },
      { line: 2, text: 'éé' },
    ]);
    expect(await collect(readLines(chunks('ééé\n'), 4))).toEqual([
      { line: 1, tooLong: true, bytes: 6 },
    ]);
  });
});

describe('validateNdjson', () => {
  const validator = createValidator({ reportUnverifiedCodes: false });

  it('validates line by line, skipping blank lines and numbering them as in the file', async () => {
    const input = `${JSON.stringify({ resourceType: 'Patient', gender: 'male' })}\n\n{"resourceType":"Patient","gender":"M"}\n{bad`;
    const results = await collect(validateNdjson(chunks(input), validator, DEFAULT_LIMITS));
    expect(results.map((r) => [r.line, r.result.ok])).toEqual([
      [1, true],
      [3, false],
      [4, false],
    ]);
    expect(results[2]?.result.issues[0]?.severity).toBe('fatal');
  });

  it('gives a line that is not UTF-8 a fatal issue at its column, and validates the next', async () => {
    const line = new TextEncoder().encode('{"resourceType":"Patient","id":"x');
    const bytes = new Uint8Array([...line, 0xe9, 0x22, 0x7d, 0x0a, ...line, 0x22, 0x7d]);
    const results = await collect(validateNdjson(chunks(bytes), validator, DEFAULT_LIMITS));
    expect(results.map((r) => [r.line, r.result.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(results[0]?.result.issues).toEqual([
      expect.objectContaining({ severity: 'fatal', code: 'structure', line: 1, column: 34 }),
    ]);
  });

  it('handles many lines in constant memory (a generator of 20,000 lines)', async () => {
    async function* many(): AsyncGenerator<string> {
      for (let i = 0; i < 20_000; i++) {
        yield await Promise.resolve(
          `{"resourceType":"Patient","id":"p${String(i)}","gender":"male"}\n`,
        );
      }
    }
    let count = 0;
    for await (const { result } of validateNdjson(many(), validator, DEFAULT_LIMITS)) {
      if (result.ok) count++;
    }
    expect(count).toBe(20_000);
  });
});
