import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DeidError } from '../errors';
import { PseudonymKey, createPseudonymKey, decodePseudonymKey, keyBytes } from './key';

const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('pseudonymisation keys', () => {
  it('decodes hex, hex: and base64 forms to the same bytes', () => {
    const bytes = Buffer.from(HEX, 'hex');
    const base64 = `base64:${bytes.toString('base64')}`;
    const base64url = `base64url:${bytes.toString('base64url')}`;
    for (const text of [HEX, `hex:${HEX}`, ` ${HEX.toUpperCase()}\n`, base64, base64url]) {
      expect(Buffer.from(keyBytes(decodePseudonymKey(text))).toString('hex')).toBe(HEX);
    }
  });

  it('reads a binary key file as the key itself, and a text key file like a string', () => {
    const binary = Uint8Array.from({ length: 32 }, (_, index) => (index * 37 + 129) % 256);
    expect(keyBytes(decodePseudonymKey(binary))).toEqual(binary);
    expect(Buffer.from(keyBytes(decodePseudonymKey(Buffer.from(`${HEX}\n`)))).toString('hex')).toBe(
      HEX,
    );
  });

  it('refuses short keys, repeated bytes and words, without echoing the key', () => {
    const attempts: [string | Uint8Array, RegExp][] = [
      ['abcd', /has 2 bytes; at least 32/],
      ['00'.repeat(32), /one byte repeated/],
      ['correct horse battery staple correct horse battery staple', /must be hex digits/],
      ['base64:@@@', /not valid base64/],
      [new Uint8Array(16).fill(3), /has 16 bytes/],
    ];
    for (const [input, message] of attempts) {
      let thrown: unknown;
      try {
        decodePseudonymKey(input, { source: 'LHCR_DEID_KEY' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DeidError);
      expect((thrown as DeidError).code).toBe('key');
      expect((thrown as DeidError).message).toMatch(message);
      expect((thrown as DeidError).message).toContain('LHCR_DEID_KEY');
      expect((thrown as DeidError).message).not.toContain(typeof input === 'string' ? input : HEX);
    }
  });

  it('honours a larger minimum from the policy', () => {
    expect(() => decodePseudonymKey(HEX, { minimumBytes: 64 })).toThrow(/at least 64/);
    expect(decodePseudonymKey(HEX + HEX.slice(2) + 'ab', { minimumBytes: 64 }).length).toBe(64);
  });

  it('never shows the key when printed, logged or serialised', () => {
    const key = decodePseudonymKey(HEX);
    expect(key).toBeInstanceOf(PseudonymKey);
    for (const shown of [
      String(key),
      key.toString(),
      JSON.stringify({ key }),
      inspect(key),
      inspect({ key }, { depth: 5 }),
    ]) {
      expect(shown).not.toContain(HEX);
      expect(shown).not.toContain(HEX.slice(0, 8));
      expect(shown).toContain('redacted');
    }
  });

  it('copies the bytes it is given', () => {
    const bytes = Uint8Array.from(Buffer.from(HEX, 'hex'));
    const key = createPseudonymKey(bytes);
    bytes.fill(0);
    expect(Buffer.from(keyBytes(key)).toString('hex')).toBe(HEX);
  });
});
