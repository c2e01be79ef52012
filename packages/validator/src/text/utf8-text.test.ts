import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Text } from './utf8-text';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...utf8(part)] : part)));

describe('decodeUtf8Text', () => {
  it('decodes UTF-8, dropping a leading byte order mark', () => {
    expect(decodeUtf8Text(bytes([0xef, 0xbb, 0xbf], '{"a":"é€𝄞"}'))).toEqual({
      ok: true,
      text: '{"a":"é€𝄞"}',
    });
  });

  it('gives the line and column (in characters) of a Latin-1 byte', () => {
    const result = decodeUtf8Text(bytes('{\n  "family": "Ren', [0xe9], '"\n}'));
    expect(result).toMatchObject({ ok: false, problem: { position: { line: 2, column: 17 } } });
    expect(result.ok ? '' : result.problem.diagnostics).toMatch(/^Not valid UTF-8: the byte 0xE9/);
  });

  it('counts characters, not bytes, before the bad byte on its line', () => {
    // '€' is 3 bytes and '𝄞' 4 bytes (two UTF-16 code units, as text columns count them).
    expect(decodeUtf8Text(bytes('€𝄞x', [0xff]))).toMatchObject({
      ok: false,
      problem: { position: { line: 1, column: 5 } },
    });
  });

  it.each([
    ['an overlong encoding', [0xc0, 0x80], 2],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 2],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 2],
    ['a lone continuation byte', [0x80], 2],
    ['a sequence cut short by the end', [0xe2, 0x82], 2],
    ['a sequence cut short by ASCII', [0xe2, 0x82, 0x41], 2],
  ])('rejects %s at the start of the bad sequence', (_name, bad, column) => {
    expect(decodeUtf8Text(bytes('x', bad, 'y'))).toMatchObject({
      ok: false,
      problem: { code: 'structure', position: { line: 1, column } },
    });
  });

  it.each([
    ['UTF-16 (little-endian)', [0xff, 0xfe, 0x7b, 0x00]],
    ['UTF-16 (big-endian)', [0xfe, 0xff, 0x00, 0x7b]],
    ['UTF-32 (little-endian)', [0xff, 0xfe, 0x00, 0x00, 0x7b, 0x00, 0x00, 0x00]],
    ['UTF-32 (big-endian)', [0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x7b]],
    ['UTF-16 or UTF-32 (it has zero bytes)', [0x7b, 0x00, 0x7d, 0x00]],
  ])('names %s text', (encoding, input) => {
    expect(decodeUtf8Text(new Uint8Array(input))).toEqual({
      ok: false,
      problem: {
        code: 'structure',
        diagnostics: `The text is ${encoding}, not UTF-8: FHIR JSON is always UTF-8`,
      },
    });
  });

  test.prop([fc.uint8Array({ maxLength: 40 })], { numRuns: 1000 })(
    'accepts what a strict decoder accepts (zero bytes of UTF-16 aside), and places errors in the text',
    (input) => {
      const result = decodeUtf8Text(input);
      let reference: string | undefined;
      try {
        reference = new TextDecoder('utf-8', { fatal: true }).decode(input);
      } catch {
        reference = undefined;
      }
      const wide = input.length >= 2 && (input[0] === 0 || input[1] === 0);
      expect(result.ok ? result.text : undefined).toBe(wide ? undefined : reference);
      // A reported position is a line of the text, at a column within it.
      const lines = new TextDecoder('utf-8').decode(input).split('\n');
      const position = result.ok ? undefined : result.problem.position;
      const lineText = lines[(position?.line ?? 1) - 1];
      expect(lineText).toBeDefined();
      expect(position?.column ?? 1).toBeLessThanOrEqual((lineText ?? '').length + 1);
    },
  );
});
