import { createHmac } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { assertNhsNumber, generateTestNhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { nodeHmacSha256 } from '../node/node-hmac';
import { portableHmacSha256 } from './hmac';
import { decodePseudonymKey } from './key';
import { createPseudonymiser } from './pseudonymiser';

const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const key = decodePseudonymKey(HEX);
const nhsNumber = assertNhsNumber('9990000018');

/** The documented format, computed independently with node:crypto. */
function expected(kind: string, value: string, project = ''): Buffer {
  return createHmac('sha256', Buffer.from(HEX, 'hex'))
    .update(`lhcr-deid/v1\u001f${project}\u001f${kind}\u001f${value}`, 'utf8')
    .digest();
}

describe('the pseudonym format', () => {
  it('is HMAC-SHA-256 of "lhcr-deid/v1" US project US kind US value, hex by default', () => {
    const pseudonyms = createPseudonymiser({ key });
    expect(pseudonyms.nhsNumber(nhsNumber)).toBe(
      expected('nhs-number', '9990000018').toString('hex'),
    );
    expect(pseudonyms.patientId(nhsNumber)).toBe(pseudonyms.nhsNumber(nhsNumber));
    expect(pseudonyms.resourceId('Observation', 'obs-1')).toBe(
      expected('resource', 'Observation/obs-1').toString('hex'),
    );
    expect(pseudonyms.identifier('https://example.org/mrn', 'A1')).toBe(
      expected('identifier', 'https://example.org/mrn|A1').toString('hex'),
    );
  });

  it('separates projects, truncates and encodes as configured', () => {
    const project = createPseudonymiser({
      key,
      project: 'icb-frailty-2025',
      encoding: 'base64url',
      truncateToBytes: 16,
    });
    const mac = expected('nhs-number', '9990000018', 'icb-frailty-2025');
    expect(project.nhsNumber(nhsNumber)).toBe(mac.subarray(0, 16).toString('base64url'));
    expect(project.patientId(nhsNumber)).toBe(mac.subarray(0, 16).toString('hex'));
    expect(project.patientId(nhsNumber)).toMatch(/^[0-9a-f]{32}$/);
    expect(project.patientId(nhsNumber)).not.toBe(
      createPseudonymiser({ key }).patientId(nhsNumber).slice(0, 32),
    );
    expect(project.fingerprint).not.toBe(createPseudonymiser({ key }).fingerprint);
  });

  it('writes urn references as version 8 UUIDs', () => {
    const urn = createPseudonymiser({ key }).urn('urn:uuid:0b1ef8b3-7c3c-4d45-9e9c-1b2f1a0c2d3e');
    expect(urn).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('refuses a project name that could blur domain separation, and bad lengths', () => {
    expect(() => createPseudonymiser({ key, project: 'a\u001fb' })).toThrow(/project/);
    expect(() => createPseudonymiser({ key, truncateToBytes: 8 })).toThrow(/16 to 32/);
  });

  test.prop([fc.integer({ min: 1, max: 365 }), fc.string({ minLength: 1, maxLength: 40 })])(
    'date shifts are within ±maxDays and never 0',
    (maxDays, patient) => {
      const shift = createPseudonymiser({ key }).dateShiftDays(patient, maxDays);
      expect(shift).not.toBe(0);
      expect(Math.abs(shift)).toBeLessThanOrEqual(maxDays);
      expect(Number.isInteger(shift)).toBe(true);
    },
  );

  test.prop([fc.uint8Array({ minLength: 32, maxLength: 64 }), fc.string({ maxLength: 200 })])(
    'the portable HMAC gives the same bytes as node:crypto',
    (bytes, message) => {
      fc.pre(!bytes.every((byte) => byte === bytes[0]));
      const data = new TextEncoder().encode(message);
      expect(Buffer.from(portableHmacSha256(bytes)(data)).toString('hex')).toBe(
        Buffer.from(nodeHmacSha256(bytes)(data)).toString('hex'),
      );
    },
  );

  it('gives the same pseudonyms with either HMAC, and with a cache smaller than the input', () => {
    const portable = createPseudonymiser({ key, cacheSize: 2 });
    const node = createPseudonymiser({ key, hmac: nodeHmacSha256 });
    let seed = 5;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let index = 0; index < 20; index += 1) {
      const number = generateTestNhsNumber(random);
      expect(portable.nhsNumber(number)).toBe(node.nhsNumber(number));
      expect(portable.nhsNumber(number)).toBe(portable.nhsNumber(number));
    }
  });
});
