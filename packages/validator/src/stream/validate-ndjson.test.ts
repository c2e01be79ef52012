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
