import type { ServerRules } from '../blueprint-rules';
import type { DefectSet } from '../defects';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { RegisteredClient } from './clients';
import { decodeJws, isJwsAlgorithm, publicKeyFor, verifyJws } from './jwt';
import { parseScope, scopeCovers } from './scopes';
import type { ParsedScope } from './scopes';
import type { TokenIssuer } from './tokens';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Clock leeway for assertion times, in seconds. */
const LEEWAY_SECONDS = 30;

/** Remembers assertion ids until they expire, to refuse replays (LHCR-SEC-03). */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  /** Records `key` until `expiresAt` (ms); false when it was already recorded. */
  remember(key: string, expiresAt: number, now: number): boolean {
    if (this.seen.size > 1000) {
      for (const [seenKey, until] of this.seen) if (until < now) this.seen.delete(seenKey);
    }
    const until = this.seen.get(key);
    if (until !== undefined && until >= now) return false;
    this.seen.set(key, expiresAt);
    return true;
  }
}

/** What the token endpoint needs. */
export interface TokenEndpointContext {
  readonly clients: ReadonlyMap<string, RegisteredClient>;
  readonly rules: ServerRules;
  readonly issuer: TokenIssuer;
  readonly tokenUrl: string;
  readonly defects: DefectSet;
  readonly tokenLifetimeSeconds: number;
  readonly replay: ReplayCache;
}

/** A token endpoint reply: OAuth 2.0 JSON, success or error. */
export interface TokenReply {
  readonly status: number;
  readonly body: JsonObject;
  /** The client the reply is about, when the assertion named a registered one. */
  readonly clientId?: string;
}

function refuse(error: string, description: string, clientId?: string): TokenReply {
  return {
    status: 400,
    body: { error, error_description: description },
    ...(clientId === undefined ? {} : { clientId }),
  };
}

/** The purpose codes asked for in the assertion claim: codes, `system|code`, or codings. */
function requestedPurposes(claim: unknown, system: string): string[] | undefined {
  const out: string[] = [];
  const add = (value: unknown): boolean => {
    if (typeof value === 'string') {
      for (const part of value.split(/[\s,]+/)) {
        if (part === '') continue;
        const bar = part.lastIndexOf('|');
        if (bar >= 0 && part.slice(0, bar) !== system) return false;
        out.push(bar >= 0 ? part.slice(bar + 1) : part);
      }
      return true;
    }
    if (isRecord(value) && typeof value['code'] === 'string') {
      if (value['system'] !== undefined && value['system'] !== system) return false;
      out.push(value['code']);
      return true;
    }
    return false;
  };
  if (Array.isArray(claim)) {
    if (!claim.every(add)) return undefined;
  } else if (!add(claim)) {
    return undefined;
  }
  return out.length === 0 ? undefined : out;
}

/**
 * The OAuth 2.0 client credentials grant with a signed JWT client assertion
 * (`private_key_jwt`): checks the form, the assertion's algorithm, key, signature, `iss`, `sub`,
 * `aud`, `exp`, `jti` and `purpose_of_use` claim, and issues an access token for the scopes and
 * purposes the client is registered for (LHCR-SEC-02, -03, -05, -07).
 */
export function handleTokenRequest(
  form: URLSearchParams,
  context: TokenEndpointContext,
  now: number = Date.now(),
): TokenReply {
  const { defects, rules } = context;
  if (form.get('grant_type') !== 'client_credentials') {
    return refuse('unsupported_grant_type', 'grant_type must be client_credentials');
  }
  if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
    return refuse('invalid_client', `client_assertion_type must be ${ASSERTION_TYPE}`);
  }
  const assertion = form.get('client_assertion');
  if (assertion === null || assertion === '') {
    return refuse('invalid_client', 'client_assertion is missing');
  }
  const decoded = decodeJws(assertion);
  if (decoded === undefined)
    return refuse('invalid_client', 'client_assertion is not a compact JWS');
  const { header, payload } = decoded;
  const algorithm = header['alg'];
  if (
    typeof algorithm !== 'string' ||
    !rules.algorithms.includes(algorithm) ||
    !isJwsAlgorithm(algorithm)
  ) {
    return refuse(
      'invalid_client',
      `the client assertion algorithm must be one of ${rules.algorithms.join(', ')}`,
    );
  }
  const iss = payload['iss'];
  const client = typeof iss === 'string' ? context.clients.get(iss) : undefined;
  if (client === undefined)
    return refuse('invalid_client', 'iss does not name a registered client');
  const clientId = client.clientId;
  if (payload['sub'] !== clientId) {
    return refuse('invalid_client', 'sub must equal iss (the client id)', clientId);
  }
  const kid = header['kid'];
  const jwk = typeof kid === 'string' ? client.keys.get(kid) : undefined;
  if (jwk === undefined) {
    return refuse('invalid_client', 'kid does not name a key registered for the client', clientId);
  }
  if (!defects.has('skip-signature-check')) {
    const key = publicKeyFor(jwk, algorithm);
    if (key === undefined || !verifyJws(decoded, key, algorithm)) {
      return refuse('invalid_client', 'the client assertion signature does not verify', clientId);
    }
  }
  const lax = defects.has('lax-client-assertion');
  const aud = payload['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!lax && !audiences.includes(context.tokenUrl)) {
    return refuse('invalid_client', 'aud must be the token endpoint URL', clientId);
  }
  const nowSeconds = Math.floor(now / 1000);
  const exp = payload['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return refuse('invalid_client', 'exp is missing', clientId);
  }
  if (exp <= nowSeconds - LEEWAY_SECONDS) {
    return refuse('invalid_client', 'the client assertion has expired', clientId);
  }
  if (!lax && exp > nowSeconds + rules.maxAssertionLifetimeSeconds + LEEWAY_SECONDS) {
    return refuse(
      'invalid_client',
      `exp must be at most ${String(rules.maxAssertionLifetimeSeconds)} seconds ahead`,
      clientId,
    );
  }
  const nbf = payload['nbf'];
  if (typeof nbf === 'number' && nbf > nowSeconds + LEEWAY_SECONDS) {
    return refuse('invalid_client', 'the client assertion is not valid yet (nbf)', clientId);
  }
  const jti = payload['jti'];
  if (typeof jti !== 'string' || jti === '' || jti.length > 256) {
    return refuse('invalid_client', 'jti must be a unique string', clientId);
  }
  if (
    !defects.has('accept-replayed-assertion') &&
    !context.replay.remember(`${clientId}\u0000${jti}`, (exp + LEEWAY_SECONDS) * 1000, now)
  ) {
    return refuse('invalid_client', 'the jti of this client assertion was used before', clientId);
  }
  const asked = requestedPurposes(payload[rules.purposeClaim], rules.purposeSystem);
  if (asked === undefined) {
    return refuse(
      'invalid_request',
      `the client assertion must state the purposes of use in its ${rules.purposeClaim} claim (HL7 v3 ActReason codes)`,
      clientId,
    );
  }
  const purposes = asked.filter((code) => client.purposes.has(code));
  if (purposes.length === 0) {
    return refuse(
      'invalid_scope',
      'none of the purposes of use asked for is registered for this client',
      clientId,
    );
  }
  const scopeText = form.get('scope');
  let scopes: ParsedScope[];
  if (scopeText === null || scopeText.trim() === '') {
    scopes = [...client.scopes];
  } else {
    scopes = scopeText
      .split(/\s+/)
      .filter((text) => text !== '')
      .map(parseScope)
      .filter((scope): scope is ParsedScope => scope !== undefined)
      .filter((scope) => client.scopes.some((registered) => scopeCovers(registered, scope)));
    if (scopes.length === 0) {
      return refuse(
        'invalid_scope',
        'none of the scopes asked for is registered for this client',
        clientId,
      );
    }
  }
  const lifetime = defects.has('long-lived-tokens') ? 3600 : context.tokenLifetimeSeconds;
  const token = context.issuer.issue(clientId, scopes, [...new Set(purposes)], lifetime, now);
  return {
    status: 200,
    clientId,
    body: {
      access_token: token,
      token_type: 'Bearer',
      expires_in: lifetime,
      scope: scopes.map((scope) => scope.text).join(' '),
      [rules.purposeClaim]: [...new Set(purposes)],
    },
  };
}
