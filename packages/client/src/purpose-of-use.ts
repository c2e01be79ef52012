import { ConfigError } from './errors';

/**
 * The HL7 v3 code system for purpose-of-use codes (the `PurposeOfUse` value set draws on it).
 *
 * @see https://terminology.hl7.org/ValueSet-v3-PurposeOfUse.html
 * @example
 * ```ts
 * const coding = { system: PURPOSE_OF_USE_SYSTEM, code: 'TREAT' };
 * ```
 */
export const PURPOSE_OF_USE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/**
 * Common HL7 v3 purpose-of-use codes and what they mean for a shared care record. A blueprint
 * may use other codes from the value set; any code is accepted.
 *
 * @see https://terminology.hl7.org/ValueSet-v3-PurposeOfUse.html
 * @example
 * ```ts
 * PURPOSE_OF_USE_CODES.TREAT; // 'treatment (direct care)'
 * ```
 */
export const PURPOSE_OF_USE_CODES = {
  TREAT: 'treatment (direct care)',
  ETREAT: 'emergency treatment',
  CAREMGT: 'care management',
  HOPERAT: 'healthcare operations',
  HSYSADMIN: 'health system administration',
  HPAYMT: 'healthcare payment',
  HRESCH: 'healthcare research',
  PUBHLTH: 'public health',
  HMARKT: 'healthcare marketing',
  PATRQT: 'patient requested',
  FAMRQT: 'family requested',
  PWATRNY: 'power of attorney',
  SUPNWK: 'support network',
  COC: 'coordination of care',
  BTG: 'break the glass',
} as const;

/**
 * One of the purpose-of-use codes named in {@link PURPOSE_OF_USE_CODES}.
 *
 * @example
 * ```ts
 * const purpose: PurposeOfUseCode = 'HRESCH';
 * ```
 */
export type PurposeOfUseCode = keyof typeof PURPOSE_OF_USE_CODES;

/**
 * The header that carries the purpose of use unless configured otherwise.
 *
 * @example
 * ```ts
 * request.headers[DEFAULT_PURPOSE_OF_USE_HEADER.toLowerCase()]; // 'TREAT'
 * ```
 */
export const DEFAULT_PURPOSE_OF_USE_HEADER = 'X-Purpose-Of-Use';

/**
 * The client-assertion claim that carries the purpose of use unless configured otherwise.
 *
 * @example
 * ```ts
 * claims[DEFAULT_PURPOSE_OF_USE_CLAIM]; // 'TREAT'
 * ```
 */
export const DEFAULT_PURPOSE_OF_USE_CLAIM = 'purpose_of_use';

/**
 * How the client states why it is accessing records. The blueprint decides which of the two
 * channels a region reads; both are on by default:
 *
 * - a request header (`header`, default `X-Purpose-Of-Use`) on every FHIR request, holding the
 *   code (`headerFormat: 'code'`, the default) or `system|code` (`'token'`);
 * - a claim in the signed-JWT client assertion (`claim`, default `purpose_of_use`), holding the
 *   code (`claimFormat: 'code'`, the default) or a `{ system, code }` coding (`'coding'`). Tokens
 *   are cached per purpose, so calls with different purposes never share a token.
 *
 * Set `header: false` or `claim: false` to use one channel only.
 *
 * @example
 * ```ts
 * const purposeOfUse: PurposeOfUseOptions = { code: 'TREAT', claim: false };
 * ```
 */
export interface PurposeOfUseOptions {
  /** An HL7 v3 purpose-of-use code such as `TREAT`, `HRESCH`, `HOPERAT` or `PUBHLTH`. */
  readonly code: PurposeOfUseCode | (string & NonNullable<unknown>);
  /** Default {@link PURPOSE_OF_USE_SYSTEM}. */
  readonly system?: string;
  /** Header name, or `false` for none. Default {@link DEFAULT_PURPOSE_OF_USE_HEADER}. */
  readonly header?: string | false;
  readonly headerFormat?: 'code' | 'token';
  /** Claim name, or `false` for none. Default {@link DEFAULT_PURPOSE_OF_USE_CLAIM}. */
  readonly claim?: string | false;
  readonly claimFormat?: 'code' | 'coding';
}

/**
 * A validated {@link PurposeOfUseOptions} with its defaults applied; what auth providers receive.
 *
 * @example
 * ```ts
 * const resolved = resolvePurposeOfUse({ code: 'TREAT' });
 * resolved.header; // 'X-Purpose-Of-Use'
 * ```
 */
export interface ResolvedPurposeOfUse {
  readonly code: string;
  readonly system: string;
  readonly header: string | undefined;
  readonly headerValue: string;
  readonly claim: string | undefined;
  readonly claimValue: string | { readonly system: string; readonly code: string };
}

/** RFC 9110 `token`: a header field name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;
const RESERVED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'jti', 'iat', 'nbf']);

/**
 * Validates purpose-of-use options and applies the defaults. Throws a {@link ConfigError} when the
 * code, header name or claim name is unusable.
 *
 * @throws {ConfigError} with code `config`.
 * @example
 * ```ts
 * resolvePurposeOfUse({ code: 'HRESCH', header: 'NHSD-Purpose-Of-Use', headerFormat: 'token' }).headerValue;
 * // 'http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH'
 * ```
 */
export function resolvePurposeOfUse(options: PurposeOfUseOptions): ResolvedPurposeOfUse {
  const { code } = options;
  if (typeof code !== 'string' || !CODE.test(code)) {
    throw new ConfigError(
      'config',
      'purposeOfUse.code must be a code of 1 to 64 letters, digits, "_", "." or "-" (for example TREAT)',
    );
  }
  const system = options.system ?? PURPOSE_OF_USE_SYSTEM;
  if (system === '' || /\s|\|/.test(system)) {
    throw new ConfigError('config', 'purposeOfUse.system must be a URI without spaces or "|"');
  }
  const header =
    options.header === false ? undefined : (options.header ?? DEFAULT_PURPOSE_OF_USE_HEADER);
  if (header !== undefined && !HEADER_NAME.test(header)) {
    throw new ConfigError('config', 'purposeOfUse.header must be a valid HTTP header name');
  }
  const claim =
    options.claim === false ? undefined : (options.claim ?? DEFAULT_PURPOSE_OF_USE_CLAIM);
  if (claim !== undefined && (!CLAIM_NAME.test(claim) || RESERVED_CLAIMS.has(claim))) {
    throw new ConfigError(
      'config',
      'purposeOfUse.claim must be a JWT claim name other than iss, sub, aud, exp, jti, iat and nbf',
    );
  }
  return {
    code,
    system,
    header,
    headerValue: options.headerFormat === 'token' ? `${system}|${code}` : code,
    claim,
    claimValue: options.claimFormat === 'coding' ? { system, code } : code,
  };
}
