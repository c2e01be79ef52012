import type { NhsNumber } from '@lhcr/models';
import { DeidError } from '../errors';
import { utf8Encoder } from '../internal/text-codec';
import { portableHmacSha256 } from './hmac';
import type { HmacSha256Factory } from './hmac';
import { keyBytes } from './key';
import type { PseudonymKey } from './key';

/**
 * The version tag that starts every message lhcr MACs. A change to the pseudonym format gets a
 * new tag, so pseudonyms of different formats never collide.
 *
 * @example
 * ```ts
 * PSEUDONYM_FORMAT_VERSION; // 'lhcr-deid/v1'
 * ```
 */
export const PSEUDONYM_FORMAT_VERSION = 'lhcr-deid/v1';

/**
 * What a pseudonym stands for; each kind is MACed separately (domain separation), so an NHS
 * number and a resource id with the same characters get unrelated pseudonyms.
 *
 * - `nhs-number`: a valid NHS number, ten digits;
 * - `identifier`: another identifier, as `system|value`;
 * - `resource`: a resource id, as `Type/id`;
 * - `urn`: a `urn:uuid:` or `urn:oid:` reference;
 * - `date-shift`: the key of a per-patient date shift (the patient's pseudonymous id);
 * - `key-check`: the key fingerprint.
 *
 * @example
 * ```ts
 * PSEUDONYM_KINDS.includes('nhs-number'); // true
 * ```
 */
export const PSEUDONYM_KINDS = [
  'nhs-number',
  'identifier',
  'resource',
  'urn',
  'date-shift',
  'key-check',
] as const;

/**
 * One of {@link PSEUDONYM_KINDS}.
 *
 * @example
 * ```ts
 * const kind: PseudonymKind = 'resource';
 * ```
 */
export type PseudonymKind = (typeof PSEUDONYM_KINDS)[number];

/**
 * How pseudonyms are written: `hex` (lower case) or `base64url` (no padding).
 *
 * @example
 * ```ts
 * const encoding: PseudonymEncoding = 'hex';
 * ```
 */
export type PseudonymEncoding = 'hex' | 'base64url';

/**
 * Options for {@link createPseudonymiser}.
 *
 * @example
 * ```ts
 * const options: PseudonymiserOptions = { key, project: 'icb-frailty-2025', encoding: 'hex' };
 * ```
 */
export interface PseudonymiserOptions {
  readonly key: PseudonymKey;
  /**
   * Domain separation: the same key gives unrelated pseudonyms for different projects. Letters,
   * digits, `.`, `_`, `:` and `-`, at most 64 characters. Default: none (the empty string).
   */
  readonly project?: string;
  /** How the pseudonym identifier value is written (ids are always hex). Default `hex`. */
  readonly encoding?: PseudonymEncoding;
  /** Bytes of the MAC kept, 16 to 32. Default 32. */
  readonly truncateToBytes?: number;
  /** The HMAC implementation. Default {@link portableHmacSha256}. */
  readonly hmac?: HmacSha256Factory;
  /** Pseudonyms remembered per kind (repeated references are MACed once). Default 100,000. */
  readonly cacheSize?: number;
}

/**
 * Turns identifiers into keyed pseudonyms (see {@link createPseudonymiser} for the format).
 *
 * @example
 * ```ts
 * const pseudonyms: Pseudonymiser = createPseudonymiser({ key });
 * pseudonyms.nhsNumber(assertNhsNumber('9990000018')); // 64 hex digits
 * ```
 */
export interface Pseudonymiser {
  /** The pseudonym of an NHS number, in the configured encoding (the identifier value). */
  nhsNumber(nhsNumber: NhsNumber): string;
  /** The pseudonymous resource id of the patient with this NHS number (hex). */
  patientId(nhsNumber: NhsNumber): string;
  /** The pseudonymous id of a resource (hex), from its type and original id. */
  resourceId(resourceType: string, id: string): string;
  /** The pseudonym of an identifier other than an NHS number, in the configured encoding. */
  identifier(system: string, value: string): string;
  /** A `urn:uuid:` whose digits are the MAC of a `urn:` reference (UUID version 8). */
  urn(urn: string): string;
  /**
   * A per-patient date shift in days, in `[-maxDays, -1] ∪ [1, maxDays]` (never 0), from the
   * patient's pseudonymous id; the same patient, key and project always get the same shift.
   */
  dateShiftDays(patientId: string, maxDays: number): number;
  /** The raw MAC of a message of one kind (32 bytes). */
  mac(kind: PseudonymKind, value: string): Uint8Array;
  /**
   * A fingerprint of the key and project (16 hex digits): the same key and project give the same
   * fingerprint, so two extracts can be shown to be linkable, without revealing the key.
   */
  readonly fingerprint: string;
  /** The project used for domain separation (`''` when none). */
  readonly project: string;
}

const PROJECT = /^[A-Za-z0-9._:-]{0,64}$/;
const SEPARATOR = '\u001f';
const HEX_DIGITS = '0123456789abcdef';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toHex(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let index = 0; index < length; index += 1) {
    const byte = bytes[index] ?? 0;
    out += (HEX_DIGITS[byte >> 4] ?? '') + (HEX_DIGITS[byte & 15] ?? '');
  }
  return out;
}

function toBase64url(bytes: Uint8Array, length: number): string {
  let out = '';
  let index = 0;
  for (; index + 2 < length; index += 3) {
    const n =
      ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    out +=
      (BASE64URL[(n >> 18) & 63] ?? '') +
      (BASE64URL[(n >> 12) & 63] ?? '') +
      (BASE64URL[(n >> 6) & 63] ?? '') +
      (BASE64URL[n & 63] ?? '');
  }
  const rest = length - index;
  if (rest === 1) {
    const n = (bytes[index] ?? 0) << 16;
    out += (BASE64URL[(n >> 18) & 63] ?? '') + (BASE64URL[(n >> 12) & 63] ?? '');
  } else if (rest === 2) {
    const n = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8);
    out +=
      (BASE64URL[(n >> 18) & 63] ?? '') +
      (BASE64URL[(n >> 12) & 63] ?? '') +
      (BASE64URL[(n >> 6) & 63] ?? '');
  }
  return out;
}

/**
 * Creates a pseudonymiser. The format (version `lhcr-deid/v1`) is:
 *
 * ```
 * mac       = HMAC-SHA-256(key, "lhcr-deid/v1" US project US kind US value)   (UTF-8; US = U+001F)
 * pseudonym = encode(mac[0 .. truncateToBytes])                               (hex or base64url)
 * ```
 *
 * `kind` is one of {@link PSEUDONYM_KINDS}; `value` is the NHS number as ten digits, `system|value`
 * for other identifiers, `Type/id` for resource ids. Resource ids are always written in hex (a
 * FHIR id allows at most 64 characters of `[A-Za-z0-9-.]`), so a patient's id and (with hex
 * encoding) its pseudonym identifier value are the same string. Never a plain hash: all about
 * 10^9 NHS numbers can be hashed in minutes, so an unkeyed hash is reversible.
 *
 * @see NHS-STANDARDS.md §5 (pseudonymisation practice); RFC 2104
 * @example
 * ```ts
 * const pseudonyms = createPseudonymiser({ key, project: 'icb-frailty-2025' });
 * const id = pseudonyms.patientId(assertNhsNumber('9990000018'));
 * pseudonyms.resourceId('Observation', 'obs-1'); // 64 hex digits
 * ```
 */
export function createPseudonymiser(options: PseudonymiserOptions): Pseudonymiser {
  const project = options.project ?? '';
  if (!PROJECT.test(project)) {
    throw new DeidError(
      'config',
      'project (domain separation) may hold only letters, digits, ".", "_", ":" and "-", at most 64 characters',
    );
  }
  const length = options.truncateToBytes ?? 32;
  if (!Number.isInteger(length) || length < 16 || length > 32) {
    throw new DeidError('config', `truncateToBytes must be 16 to 32; found ${String(length)}`);
  }
  const encoding = options.encoding ?? 'hex';
  const mac = (options.hmac ?? portableHmacSha256)(keyBytes(options.key));
  const encoder = utf8Encoder();
  const prefix = `${PSEUDONYM_FORMAT_VERSION}${SEPARATOR}${project}${SEPARATOR}`;
  const cacheSize = options.cacheSize ?? 100_000;
  const caches = new Map<PseudonymKind, Map<string, string>>(
    PSEUDONYM_KINDS.map((kind) => [kind, new Map<string, string>()]),
  );
  const macOf = (kind: PseudonymKind, value: string): Uint8Array =>
    mac(encoder.encode(`${prefix}${kind}${SEPARATOR}${value}`));
  const cached = (
    kind: PseudonymKind,
    value: string,
    render: (bytes: Uint8Array) => string,
  ): string => {
    const cache = caches.get(kind) ?? new Map<string, string>();
    let out = cache.get(value);
    if (out === undefined) {
      out = render(macOf(kind, value));
      if (cache.size >= cacheSize) cache.clear();
      cache.set(value, out);
    }
    return out;
  };
  const hex = (bytes: Uint8Array): string => toHex(bytes, length);
  const encoded = (bytes: Uint8Array): string =>
    encoding === 'hex' ? toHex(bytes, length) : toBase64url(bytes, length);
  const fingerprint = toHex(macOf('key-check', 'fingerprint'), 8);
  return {
    project,
    fingerprint,
    mac: macOf,
    nhsNumber: (nhsNumber) =>
      encoding === 'hex'
        ? cached('nhs-number', nhsNumber, hex)
        : toBase64url(macOf('nhs-number', nhsNumber), length),
    patientId: (nhsNumber) => cached('nhs-number', nhsNumber, hex),
    resourceId: (resourceType, id) => cached('resource', `${resourceType}/${id}`, hex),
    identifier: (system, value) => encoded(macOf('identifier', `${system}|${value}`)),
    urn: (urn) => {
      const digits = cached('urn', urn, (bytes) => toHex(bytes, 16));
      const version = `8${digits.slice(13, 16)}`;
      const variant = (8 + (Number.parseInt(digits.charAt(16), 16) & 3)).toString(16);
      return `urn:uuid:${digits.slice(0, 8)}-${digits.slice(8, 12)}-${version}-${variant}${digits.slice(17, 20)}-${digits.slice(20, 32)}`;
    },
    dateShiftDays: (patientId, maxDays) => {
      if (!Number.isInteger(maxDays) || maxDays < 1) {
        throw new DeidError(
          'config',
          `maxShiftDays must be a positive integer; found ${String(maxDays)}`,
        );
      }
      const bytes = macOf('date-shift', patientId);
      const n =
        (((bytes[0] ?? 0) << 24) |
          ((bytes[1] ?? 0) << 16) |
          ((bytes[2] ?? 0) << 8) |
          (bytes[3] ?? 0)) >>>
        0;
      const r = n % (2 * maxDays);
      return r < maxDays ? -(r + 1) : r - maxDays + 1;
    },
  };
}
