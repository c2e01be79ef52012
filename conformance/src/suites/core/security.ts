import { isLhcrClientError } from '@lhcr/client';
import { generateTestNhsNumber } from '@lhcr/models';
import type {
  ConformanceTest,
  HttpReply,
  TestContext,
  TestGroup,
} from '../../engine/conformance-test';
import { decodeJwtClaims } from '../../target/jwt';
import { ACCESS, CAPABILITY, PATIENTS } from './facts';
import type { ServerPatient } from './facts';
import { isObject, isOutcomeWithIssue, matchesOf, stringField } from './internal/fhir-values';
import { NHS_SYSTEM, patientFixtures, purposeFor } from './internal/suite-helpers';
import type { Bundle } from '@lhcr/models';

/** An NHS number from the test range that no fixture uses. */
function unusedNhsNumber(context: TestContext): string {
  const used = new Set(
    patientFixtures(context.blueprint).map((fixture) => fixture.patient.nhsNumber),
  );
  let seed = 7;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (;;) {
    const candidate = generateTestNhsNumber(random);
    if (!used.has(candidate)) return candidate;
  }
}

/** A fixture NHS number (an input from the blueprint), or an unused one when there are no fixtures. */
function someNhsNumber(context: TestContext): string {
  return patientFixtures(context.blueprint)[0]?.patient.nhsNumber ?? unusedNhsNumber(context);
}

/** The first fixture patient the server has, or a skip. */
function firstPatient(context: TestContext): ServerPatient {
  const patient = [...context.need(PATIENTS).values()][0];
  return patient ?? context.skip('no fixture patient was found on the server');
}

function holdsData(body: unknown): boolean {
  if (!isObject(body)) return false;
  if (body['resourceType'] === 'Bundle') return matchesOf(body as unknown as Bundle).length > 0;
  return typeof body['resourceType'] === 'string' && body['resourceType'] !== 'OperationOutcome';
}

/** Checks a refusal of an unauthenticated request: 401, an OperationOutcome, `WWW-Authenticate: Bearer`, no data. */
function checkUnauthorised(context: TestContext, what: string, reply: HttpReply): void {
  const challenge = reply.headers['www-authenticate'] ?? '';
  context.check(reply.status === 401, `${what} answered ${String(reply.status)}; expected 401`);
  context.check(
    isOutcomeWithIssue(reply.body),
    `${what}: the 401 body is an OperationOutcome with an issue`,
  );
  context.check(
    /^bearer\b/i.test(challenge),
    `${what}: WWW-Authenticate is "${challenge}"; expected a Bearer challenge`,
  );
  context.check(!holdsData(reply.body), `${what}: the reply holds no data`);
}

const tokenEndpoint: ConformanceTest = {
  id: 'security.token-endpoint',
  title: 'The token endpoint issues a Bearer token for a signed-JWT client assertion',
  requirements: ['LHCR-SEC-02'],
  inputs:
    'POST [token endpoint] grant_type=client_credentials, client_assertion_type=jwt-bearer, a signed client assertion for the direct-care purpose',
  needs: [CAPABILITY],
  provides: [ACCESS],
  run: async (context) => {
    const tokenUrl = await context.tokenUrl();
    try {
      const token = await context.token();
      context.check(
        token.tokenType.toLowerCase() === 'bearer',
        `token_type is "${token.tokenType}"; expected Bearer`,
      );
      context.provide(ACCESS, { tokenUrl });
    } catch (thrown) {
      if (isLhcrClientError(thrown) && thrown.code === 'auth') {
        context.fail(
          `${thrown.message}; check the client id, key and key id, or the token endpoint is wrong`,
        );
        return;
      }
      throw thrown;
    }
  },
};

const tokenLifetime: ConformanceTest = {
  id: 'security.token-lifetime',
  title: 'Access tokens are short-lived',
  requirements: ['LHCR-SEC-07'],
  inputs: 'The token reply of the token endpoint',
  needs: [ACCESS],
  run: async (context) => {
    const max = context.blueprint.security?.accessToken.maxLifetimeSeconds ?? 600;
    const token = await context.token();
    if (context.check(token.expiresIn !== undefined, 'the token reply has expires_in')) {
      context.check(
        (token.expiresIn ?? 0) <= max && (token.expiresIn ?? 0) > 0,
        `expires_in is ${String(token.expiresIn)}; expected 1 to ${String(max)} seconds`,
      );
    }
    const claims = decodeJwtClaims(token.accessToken);
    const exp = claims?.['exp'];
    const iat = claims?.['iat'];
    if (typeof exp === 'number' && typeof iat === 'number') {
      context.check(
        exp - iat <= max,
        `the token's exp is ${String(exp - iat)} s after its iat; expected at most ${String(max)}`,
      );
    } else {
      context.note(
        'the access token is not a JWT with exp and iat; its lifetime is judged by expires_in',
      );
    }
  },
};

const noToken: ConformanceTest = {
  id: 'security.no-token',
  title: 'Requests without a token are refused with 401 and no data',
  requirements: ['LHCR-SEC-01'],
  inputs:
    'A Patient search by NHS number, a Patient read and an Observation search, without Authorization',
  needs: [CAPABILITY],
  run: async (context) => {
    const client = context.fhir({ anonymous: true });
    const nhs = someNhsNumber(context);
    const patientId = patientFixtures(context.blueprint)[0]?.patient.resourceId ?? 'example';
    for (const [what, path] of [
      [
        'GET Patient?identifier=… without a token',
        `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${nhs}`)}`,
      ],
      ['GET Patient/[id] without a token', `Patient/${patientId}`],
      ['GET Observation?patient=… without a token', `Observation?patient=Patient/${patientId}`],
    ] as const) {
      const reply = await client.raw({ method: 'GET', path, authenticate: false });
      checkUnauthorised(context, what, reply);
    }
  },
};

const invalidToken: ConformanceTest = {
  id: 'security.invalid-token',
  title: 'Unknown and malformed tokens are refused with 401',
  requirements: ['LHCR-SEC-01'],
  inputs: 'A Patient search with a malformed token, an unknown token and a non-Bearer scheme',
  needs: [CAPABILITY],
  run: async (context) => {
    const client = context.fhir({ anonymous: true });
    const path = `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${someNhsNumber(context)}`)}`;
    const unknown = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString(
      'base64url',
    );
    for (const [what, authorization] of [
      ['a malformed token', 'Bearer not a token'],
      ['an unknown token', `Bearer ${unknown}`],
      ['a Basic credential', `Basic ${Buffer.from('conformance:tester').toString('base64')}`],
    ] as const) {
      const reply = await client.raw(
        { method: 'GET', path, authenticate: false },
        { headers: { authorization } },
      );
      context.check(
        reply.status === 401,
        `a search with ${what} answered ${String(reply.status)}; expected 401`,
      );
      context.check(!holdsData(reply.body), `a search with ${what}: the reply holds no data`);
    }
  },
};

/** A token with one character of its signature (or, for an opaque token, of itself) changed. */
function tamper(token: string): string {
  const parts = token.split('.');
  if (parts.length === 3 && decodeJwtClaims(token) !== undefined) {
    const claims = { ...decodeJwtClaims(token), exp: Math.floor(Date.now() / 1000) + 86_400 };
    return `${parts[0] ?? ''}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${parts[2] ?? ''}`;
  }
  const last = token.at(-1) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -1)}${last}`;
}

const tamperedToken: ConformanceTest = {
  id: 'security.tampered-token',
  title: 'A token whose claims were changed is refused with 401',
  requirements: ['LHCR-SEC-01'],
  inputs: 'A valid access token with its expiry pushed a day ahead (the signature left as it was)',
  needs: [ACCESS],
  run: async (context) => {
    const token = await context.token();
    const client = context.fhir({ anonymous: true });
    const path = `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${someNhsNumber(context)}`)}`;
    const control = await client.raw(
      { method: 'GET', path, authenticate: false },
      { headers: { authorization: `Bearer ${token.accessToken}` } },
    );
    if (control.status !== 200) {
      context.skip(`the untampered token was not accepted either (${String(control.status)})`);
    }
    const reply = await client.raw(
      { method: 'GET', path, authenticate: false },
      { headers: { authorization: `Bearer ${tamper(token.accessToken)}` } },
    );
    context.check(
      reply.status === 401,
      `a tampered token answered ${String(reply.status)}; expected 401`,
    );
  },
};

async function postAssertion(context: TestContext, assertion: string): Promise<HttpReply> {
  const tokenUrl = await context.tokenUrl();
  const scopes = context.scopes(purposeFor(context.blueprint, 'direct-care', 'TREAT'));
  const form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  };
  if (scopes.length > 0) form['scope'] = scopes.join(' ');
  return context.http({ method: 'POST', url: tokenUrl, form, accept: 'application/json' });
}

function checkRefused(context: TestContext, what: string, reply: HttpReply): void {
  const error = stringField(reply.body, 'error');
  context.check(
    reply.status === 400 && error === 'invalid_client',
    `an assertion ${what} answered ${String(reply.status)}${error === undefined ? '' : ` (${error})`}; expected 400 invalid_client`,
  );
  context.check(
    stringField(reply.body, 'access_token') === undefined,
    `an assertion ${what} got no access token`,
  );
}

/** One test of the token endpoint refusing a flawed assertion. */
function assertionTest(
  name: string,
  what: string,
  build: (context: TestContext) => Promise<string>,
): ConformanceTest {
  return {
    id: `security.assertion-${name}`,
    title: `The token endpoint refuses an assertion ${what}`,
    requirements: ['LHCR-SEC-03'],
    inputs: `A client assertion ${what}`,
    needs: [ACCESS],
    run: async (context) => {
      checkRefused(context, what, await postAssertion(context, await build(context)));
    },
  };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const assertionTests: readonly ConformanceTest[] = [
  assertionTest('bad-signature', 'signed with a key that is not registered', (context) =>
    context.assertion({ signWith: 'other-key' }),
  ),
  assertionTest('wrong-audience', 'whose aud is not the token endpoint', async (context) =>
    context.assertion({ claims: { aud: `${context.baseUrl}/not-the-token-endpoint` } }),
  ),
  assertionTest('wrong-issuer', 'whose iss and sub are not the client id', async (context) =>
    context.assertion({
      claims: {
        iss: `${context.clientId ?? 'client'}-other`,
        sub: `${context.clientId ?? 'client'}-other`,
      },
    }),
  ),
  assertionTest('expired', 'that expired a minute ago', (context) =>
    context.assertion({ claims: { iat: nowSeconds() - 360, exp: nowSeconds() - 60 } }),
  ),
  assertionTest('long-lived', 'that expires an hour ahead (more than 300 seconds)', (context) =>
    context.assertion({ claims: { exp: nowSeconds() + 3600 } }),
  ),
  assertionTest('unsigned', 'with alg none and no signature', (context) =>
    context.assertion({ header: { alg: 'none' } }),
  ),
  {
    id: 'security.assertion-unlisted-algorithm',
    title:
      'The token endpoint refuses an assertion signed with an algorithm the blueprint does not list',
    requirements: ['LHCR-SEC-03'],
    inputs:
      'A client assertion signed by the registered key with RS256 (RSA keys) or ES256 (EC keys)',
    needs: [ACCESS],
    run: async (context) => {
      const listed = context.blueprint.security?.clientAuthentication.algorithms ?? [
        'RS384',
        'RS512',
        'ES384',
      ];
      const algorithm = context.signingAlgorithm().startsWith('ES') ? 'ES256' : 'RS256';
      if (listed.includes(algorithm)) {
        context.omit(`${algorithm} is listed in the blueprint's algorithms`);
      }
      const assertion = await context.assertion({ header: { alg: algorithm } });
      checkRefused(context, `signed with ${algorithm}`, await postAssertion(context, assertion));
    },
  },
  {
    id: 'security.assertion-replayed',
    title: 'The token endpoint refuses an assertion whose jti was used before',
    requirements: ['LHCR-SEC-03'],
    inputs: 'The same valid client assertion sent twice',
    needs: [ACCESS],
    run: async (context) => {
      const assertion = await context.assertion();
      const first = await postAssertion(context, assertion);
      if (first.status !== 200) {
        context.skip(`the first use of a valid assertion was refused (${String(first.status)})`);
      }
      checkRefused(
        context,
        'sent a second time (same jti)',
        await postAssertion(context, assertion),
      );
    },
  },
];

/** A search that a token for `scopes` may or may not make, sent with that token. */
async function withToken(
  context: TestContext,
  accessToken: string,
  path: string,
  purposeHeader: string | undefined,
): Promise<HttpReply> {
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
  const header = context.blueprint.security?.purposeOfUse.header ?? 'X-Purpose-Of-Use';
  if (purposeHeader !== undefined) headers[header] = purposeHeader;
  return context.http({ method: 'GET', url: path, headers });
}

const scopeEnforced: ConformanceTest = {
  id: 'security.scope-enforced',
  title: 'A token without the scope for a resource type is refused with 403',
  requirements: ['LHCR-SEC-04'],
  inputs:
    'A token with only system/Patient.read: a Patient search (allowed), then a Condition search (refused)',
  needs: [ACCESS, PATIENTS],
  run: async (context) => {
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const patient = firstPatient(context);
    const token = await context.token({ purpose: treat, scopes: ['system/Patient.read'] });
    if (token.scope !== undefined) {
      context.check(
        !token.scope
          .split(' ')
          .some((scope) => scope.startsWith('system/Condition') || scope.startsWith('system/*')),
        `a token asked for system/Patient.read was granted "${token.scope}"`,
      );
    }
    const allowed = await withToken(
      context,
      token.accessToken,
      `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${patient.nhsNumber}`)}`,
      treat,
    );
    if (allowed.status !== 200) {
      context.skip(
        `a Patient search with system/Patient.read was not allowed either (${String(allowed.status)})`,
      );
    }
    const refused = await withToken(
      context,
      token.accessToken,
      `Condition?patient=Patient/${patient.id}`,
      treat,
    );
    context.check(
      refused.status === 403,
      `a Condition search with only system/Patient.read answered ${String(refused.status)}; expected 403`,
    );
    context.check(isOutcomeWithIssue(refused.body), 'the refusal is an OperationOutcome');
    context.check(!holdsData(refused.body), 'the refusal holds no data');
  },
};

const purposeMissing: ConformanceTest = {
  id: 'security.purpose-missing',
  title: 'A request that states no purpose of use is refused with 403',
  requirements: ['LHCR-SEC-05'],
  inputs: 'A direct-care token; a Patient search without the purpose-of-use header',
  needs: [ACCESS, PATIENTS],
  run: async (context) => {
    const patient = firstPatient(context);
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const token = await context.token({ purpose: treat });
    const path = `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${patient.nhsNumber}`)}`;
    const control = await withToken(context, token.accessToken, path, treat);
    if (control.status !== 200)
      context.skip(`the same search with the purpose stated answered ${String(control.status)}`);
    const reply = await withToken(context, token.accessToken, path, undefined);
    context.check(
      reply.status === 403,
      `a search without a purpose of use answered ${String(reply.status)}; expected 403`,
    );
    context.check(!holdsData(reply.body), 'the refusal holds no data');
  },
};

const purposeNotGranted: ConformanceTest = {
  id: 'security.purpose-not-granted',
  title: 'A request naming a purpose its token was not granted is refused with 403',
  requirements: ['LHCR-SEC-05'],
  inputs: 'A direct-care token; a Patient search stating a research purpose',
  needs: [ACCESS, PATIENTS],
  run: async (context) => {
    const patient = firstPatient(context);
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const other = purposeFor(context.blueprint, 'research', 'HRESCH');
    const token = await context.token({ purpose: treat });
    const claims = decodeJwtClaims(token.accessToken);
    const granted =
      claims?.[context.blueprint.security?.purposeOfUse.tokenClaim ?? 'purpose_of_use'];
    if (Array.isArray(granted) ? granted.includes(other) : granted === other) {
      context.skip(`the direct-care token was also granted ${other}`);
    }
    const path = `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${patient.nhsNumber}`)}`;
    const reply = await withToken(context, token.accessToken, path, other);
    context.check(
      reply.status === 403,
      `a ${treat} token stating ${other} answered ${String(reply.status)}; expected 403`,
    );
    context.check(!holdsData(reply.body), 'the refusal holds no data');
  },
};

const exportForDirectCare: ConformanceTest = {
  id: 'security.export-direct-care-refused',
  title: '$export is refused for a direct-care purpose',
  requirements: ['LHCR-SEC-06'],
  inputs: 'GET [base]/$export (Prefer: respond-async) with a direct-care token and purpose',
  needs: [ACCESS],
  run: async (context) => {
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const client = context.fhir({ purpose: treat });
    const reply = await client.raw(
      { method: 'GET', path: '$export' },
      { headers: { prefer: 'respond-async' } },
    );
    context.check(
      reply.status === 403,
      `$export for ${treat} answered ${String(reply.status)}; expected 403`,
    );
    const location = reply.headers['content-location'];
    if (reply.status === 202 && location !== undefined) {
      await client.raw({ method: 'DELETE', path: location }).catch(() => undefined);
    }
  },
};

const requestIds: ConformanceTest = {
  id: 'security.request-ids-echoed',
  title: 'X-Request-ID and X-Correlation-ID are echoed',
  requirements: ['LHCR-SEC-09'],
  inputs: 'A Patient search with both headers',
  needs: [ACCESS, PATIENTS],
  run: async (context) => {
    const patient = firstPatient(context);
    const requestId = globalThis.crypto.randomUUID();
    const correlationId = `lhcr-conformance-${globalThis.crypto.randomUUID()}`;
    const reply = await context.fhir().raw(
      {
        method: 'GET',
        path: `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${patient.nhsNumber}`)}`,
      },
      { requestId, correlationId },
    );
    context.check(reply.headers['x-request-id'] === requestId, 'X-Request-ID is echoed');
    context.check(
      reply.headers['x-correlation-id'] === correlationId,
      'X-Correlation-ID is echoed',
    );
  },
};

/**
 * The security group: the token endpoint and its assertion checks, 401 without a valid token,
 * 403 outside the token's scopes or purposes, `$export` only for secondary purposes, token
 * lifetime and request ids.
 *
 * @example
 * ```ts
 * securityGroup().tests.map((test) => test.id); // ['security.token-endpoint', …]
 * ```
 */
export function securityGroup(): TestGroup {
  return {
    id: 'security',
    title: 'Security',
    description: 'Authentication, scopes and purpose of use.',
    tests: [
      tokenEndpoint,
      tokenLifetime,
      noToken,
      invalidToken,
      tamperedToken,
      ...assertionTests,
      scopeEnforced,
      purposeMissing,
      purposeNotGranted,
      exportForDirectCare,
      requestIds,
    ],
  };
}
