import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StubTerminologyServer } from './__fixtures__/stub-terminology-server';
import {
  COLOURS_SYSTEM,
  COLOURS_VALUE_SET,
  SNOMED,
  SNOMED_VERSION,
  startStubTerminologyServer,
} from './__fixtures__/stub-terminology-server';
import { createTerminologyClient } from './terminology-client';
import type { TerminologyClientOptions } from './terminology-client';
import { TERMINOLOGY_ERROR_CODES, TerminologyError, isTerminologyError } from './terminology-error';

/** What `run` throws, for matching with toMatchObject. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

let stub: StubTerminologyServer;
beforeAll(async () => {
  stub = await startStubTerminologyServer();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
  Object.assign(stub.behaviour, {
    delayMs: 0,
    mode: 'normal',
    requireToken: undefined,
    noMetadata: false,
  });
});

const client = (
  options: Partial<TerminologyClientOptions> = {},
): ReturnType<typeof createTerminologyClient> =>
  createTerminologyClient({ baseUrl: stub.baseUrl, timeoutMs: 2000, ...options });

const failure = async (promise: Promise<unknown>): Promise<TerminologyError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TerminologyError);
  return error as TerminologyError;
};

describe('CodeSystem/$validate-code', () => {
  it('validates a code with GET and records the server and code system versions', async () => {
    const result = await client().validateCodeInCodeSystem({ system: SNOMED, code: '22298006' });
    expect(result).toEqual({
      valid: true,
      display: 'Myocardial infarction',
      system: SNOMED,
      code: '22298006',
      codeSystemVersion: SNOMED_VERSION,
      server: {
        url: stub.baseUrl,
        software: 'StubTx',
        softwareVersion: '9.9.9',
        fhirVersion: '4.0.1',
      },
      cached: false,
    });
    expect(stub.operations()).toMatchObject([
      {
        method: 'GET',
        path: '/CodeSystem/$validate-code',
        query: { url: SNOMED, code: '22298006' },
      },
    ]);
  });

  it('reports an invalid code as a result, with the message and issues', async () => {
    const result = await client().validateCodeInCodeSystem({ system: SNOMED, code: '404684004' });
    expect(result.valid).toBe(false);
    expect(result.message).toBe(`Code 404684004 is not valid in ${SNOMED}`);
    expect(result.issues?.issue[0]?.code).toBe('code-invalid');
  });

  it('POSTs a Parameters body when asked, and always for a Coding', async () => {
    await client({ method: 'POST' }).validateCodeInCodeSystem({
      system: SNOMED,
      code: '22298006',
      display: 'Myocardial infarction',
    });
    await client().validateCodeInCodeSystem({
      system: SNOMED,
      coding: { system: SNOMED, code: '22298006' },
    });
    const [first, second] = stub.operations();
    expect(first).toMatchObject({
      method: 'POST',
      query: {},
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'url', valueUri: SNOMED },
          { name: 'code', valueCode: '22298006' },
          { name: 'display', valueString: 'Myocardial infarction' },
        ],
      },
    });
    expect(second).toMatchObject({
      method: 'POST',
      body: {
        parameter: [
          { name: 'url', valueUri: SNOMED },
          { name: 'coding', valueCoding: { system: SNOMED, code: '22298006' } },
        ],
      },
    });
  });

  it('turns an unknown code system into an http-status error carrying the OperationOutcome', async () => {
    const error = await failure(
      client().validateCodeInCodeSystem({ system: 'https://example.org/unknown', code: 'x' }),
    );
    expect(error.code).toBe('http-status');
    expect(error.status).toBe(404);
    expect(error.operationOutcome?.issue[0]?.code).toBe('not-found');
    expect(error.message).toContain(
      'answered HTTP 404 Not Found: CodeSystem https://example.org/unknown is not known to this server',
    );
  });
});

describe('ValueSet/$validate-code', () => {
  it('checks membership of the value set', async () => {
    const c = client();
    expect(
      (
        await c.validateCodeInValueSet({
          url: COLOURS_VALUE_SET,
          system: COLOURS_SYSTEM,
          code: 'red',
        })
      ).valid,
    ).toBe(true);
    const blue = await c.validateCodeInValueSet({
      url: COLOURS_VALUE_SET,
      system: COLOURS_SYSTEM,
      code: 'blue',
    });
    expect(blue).toMatchObject({ valid: false, codeSystemVersion: '1.2.0' });
    expect(stub.operations()[0]?.query).toEqual({
      url: COLOURS_VALUE_SET,
      code: 'red',
      system: COLOURS_SYSTEM,
    });
  });

  it('checks a CodeableConcept by POST', async () => {
    const result = await client().validateCodeInValueSet({
      url: COLOURS_VALUE_SET,
      coding: { system: COLOURS_SYSTEM, code: 'green' },
    });
    expect(result.valid).toBe(true);
    expect(stub.operations()[0]?.method).toBe('POST');
  });

  it('refuses calls that lack what the operation needs (bad-option), before any request', async () => {
    const c = client();
    expect((await failure(c.validateCodeInValueSet({ url: COLOURS_VALUE_SET }))).code).toBe(
      'bad-option',
    );
    expect(
      (await failure(c.validateCodeInValueSet({ url: COLOURS_VALUE_SET, code: 'red' }))).code,
    ).toBe('bad-option');
    expect(
      (await failure(c.validateCodeInValueSet({ url: '', code: 'red', system: COLOURS_SYSTEM })))
        .code,
    ).toBe('bad-option');
    expect((await failure(c.validateCodeInCodeSystem({ system: '', code: 'red' }))).code).toBe(
      'bad-option',
    );
    expect((await failure(c.expandValueSet({ url: '' }))).code).toBe('bad-option');
    expect(stub.operations()).toEqual([]);
  });
});

describe('ValueSet/$expand', () => {
  it('expands, flattening nested contains, and records the code system versions used', async () => {
    const expansion = await client().expandValueSet({ url: COLOURS_VALUE_SET });
    expect(expansion).toEqual({
      url: COLOURS_VALUE_SET,
      valueSetVersion: '3.0.0',
      total: 2,
      offset: 0,
      timestamp: '2024-04-10T00:00:00Z',
      concepts: [
        { system: COLOURS_SYSTEM, display: 'Colours', abstract: true },
        { system: COLOURS_SYSTEM, version: '1.2.0', code: 'red', display: 'Red' },
        { system: COLOURS_SYSTEM, version: '1.2.0', code: 'green', display: 'Green' },
      ],
      codeSystemVersions: [`${COLOURS_SYSTEM}|1.2.0`],
      server: {
        url: stub.baseUrl,
        software: 'StubTx',
        softwareVersion: '9.9.9',
        fhirVersion: '4.0.1',
      },
      cached: false,
    });
  });

  it('passes filter and paging', async () => {
    const expansion = await client({ method: 'POST' }).expandValueSet({
      url: COLOURS_VALUE_SET,
      filter: 'GRE',
      count: 5,
      offset: 0,
      activeOnly: true,
    });
    expect(expansion.concepts.map((c) => c.code).filter(Boolean)).toEqual(['green']);
    expect(stub.operations()[0]?.body).toMatchObject({
      parameter: [
        { name: 'url', valueUri: COLOURS_VALUE_SET },
        { name: 'filter', valueString: 'GRE' },
        { name: 'count', valueInteger: 5 },
        { name: 'offset', valueInteger: 0 },
        { name: 'activeOnly', valueBoolean: true },
      ],
    });
  });
});

describe('caching', () => {
  it('answers a repeated call from the cache, and shares a call in flight', async () => {
    const c = client();
    const input = { system: SNOMED, code: '22298006' };
    const [a, b] = await Promise.all([
      c.validateCodeInCodeSystem(input),
      c.validateCodeInCodeSystem(input),
    ]);
    expect(a).toBe(b);
    const again = await c.validateCodeInCodeSystem({ code: '22298006', system: SNOMED });
    expect(again.cached).toBe(true);
    expect(stub.operations()).toHaveLength(1);
    expect(stub.requests.filter((r) => r.path === '/metadata')).toHaveLength(1);
    c.clearCache();
    await c.validateCodeInCodeSystem(input);
    expect(stub.operations()).toHaveLength(2);
  });

  it('expires answers after the TTL and keeps at most maxEntries', async () => {
    const c = client({ cache: { maxEntries: 1, ttlMs: 40 } });
    await c.validateCodeInCodeSystem({ system: SNOMED, code: '22298006' });
    await c.validateCodeInCodeSystem({ system: SNOMED, code: '404684003' });
    await c.validateCodeInCodeSystem({ system: SNOMED, code: '22298006' });
    expect(stub.operations()).toHaveLength(3);
    await c.validateCodeInCodeSystem({ system: SNOMED, code: '22298006' });
    expect(stub.operations()).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await c.validateCodeInCodeSystem({ system: SNOMED, code: '22298006' });
    expect(stub.operations()).toHaveLength(4);
  });

  it('never caches errors, and can be turned off', async () => {
    const c = client();
    stub.behaviour.mode = 'not-json';
    await failure(c.validateCodeInCodeSystem({ system: SNOMED, code: '22298006' }));
    stub.behaviour.mode = 'normal';
    expect((await c.validateCodeInCodeSystem({ system: SNOMED, code: '22298006' })).valid).toBe(
      true,
    );
    const uncached = client({ cache: false });
    await uncached.expandValueSet({ url: COLOURS_VALUE_SET });
    await uncached.expandValueSet({ url: COLOURS_VALUE_SET });
    expect(stub.operations()).toHaveLength(4);
  });
});

describe('transport failures', () => {
  it('times out a slow server (timeout)', async () => {
    stub.behaviour.delayMs = 500;
    const error = await failure(
      client({ timeoutMs: 50 }).validateCodeInCodeSystem({ system: SNOMED, code: '22298006' }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('got no complete answer within 50 ms');
  });

  it('honours the caller’s AbortSignal (aborted)', async () => {
    stub.behaviour.delayMs = 500;
    const controller = new AbortController();
    const pending = client().expandValueSet(
      { url: COLOURS_VALUE_SET },
      { signal: controller.signal },
    );
    setTimeout(() => {
      controller.abort();
    }, 20);
    expect((await failure(pending)).code).toBe('aborted');
    expect(
      (
        await failure(
          client().expandValueSet({ url: COLOURS_VALUE_SET }, { signal: AbortSignal.abort() }),
        )
      ).code,
    ).toBe('aborted');
  });

  it('reports a server that cannot be reached (unreachable)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const error = await failure(
      createTerminologyClient({
        baseUrl: `http://127.0.0.1:${port}/fhir`,
      }).validateCodeInCodeSystem({ system: SNOMED, code: '1' }),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('reports a dropped connection as unreachable', async () => {
    stub.behaviour.mode = 'drop-connection';
    expect(
      (await failure(client().validateCodeInCodeSystem({ system: SNOMED, code: '1' }))).code,
    ).toBe('unreachable');
  });

  it.each([
    ['not-json', /body that is not JSON \(text\/html\)/],
    ['wrong-resource', /without a boolean "result"/],
  ] as const)('reports a %s answer as malformed-response', async (mode, message) => {
    stub.behaviour.mode = mode;
    const error = await failure(
      client().validateCodeInCodeSystem({ system: SNOMED, code: '22298006' }),
    );
    expect(error.code).toBe('malformed-response');
    expect(error.message).toMatch(message);
  });

  it('reports an expansion that is not a ValueSet, and an answer larger than the limit, as malformed-response', async () => {
    stub.behaviour.mode = 'wrong-resource';
    expect((await failure(client().expandValueSet({ url: COLOURS_VALUE_SET }))).message).toContain(
      'without a ValueSet expansion',
    );
    stub.behaviour.mode = 'huge';
    const error = await failure(
      client({ maxResponseBytes: 1024 }).expandValueSet({ url: COLOURS_VALUE_SET }),
    );
    expect(error.code).toBe('malformed-response');
    expect(error.message).toContain('larger than maxResponseBytes');
  });
});

describe('bearer token', () => {
  it('sends the token, from a string or a function', async () => {
    stub.behaviour.requireToken = 's3cret-token';
    expect(
      (
        await client({ token: 's3cret-token' }).validateCodeInCodeSystem({
          system: SNOMED,
          code: '22298006',
        })
      ).valid,
    ).toBe(true);
    expect(
      (
        await client({ token: () => Promise.resolve('s3cret-token') }).expandValueSet({
          url: COLOURS_VALUE_SET,
        })
      ).concepts,
    ).toHaveLength(3);
    expect(stub.requests.every((r) => r.authorization === 'Bearer s3cret-token')).toBe(true);
  });

  it('redacts the token from errors, even when the server echoes it', async () => {
    stub.behaviour.requireToken = 'the-right-token';
    for (const token of ['wrong-token-1234', () => 'wrong-token-1234']) {
      const error = await failure(
        client({ token }).validateCodeInCodeSystem({ system: SNOMED, code: '22298006' }),
      );
      expect(error.code).toBe('http-status');
      expect(error.status).toBe(401);
      expect(error.message).toContain('Bearer [redacted]');
      expect(JSON.stringify(error.operationOutcome)).toContain('Bearer [redacted]');
      expect(
        `${error.message} ${JSON.stringify(error.operationOutcome)} ${String(error.url)}`,
      ).not.toContain('wrong-token-1234');
    }
  });
});

describe('server information', () => {
  it('is read once and falls back to the URL when the server has no CapabilityStatement', async () => {
    stub.behaviour.noMetadata = true;
    const c = client();
    const result = await c.validateCodeInCodeSystem({ system: SNOMED, code: '22298006' });
    expect(result.server).toEqual({ url: stub.baseUrl });
    expect(await c.serverInfo()).toEqual({ url: stub.baseUrl });
    expect(stub.requests.filter((r) => r.path === '/metadata')).toHaveLength(1);
  });

  it('is not read when turned off', async () => {
    const result = await client({ fetchServerInfo: false }).expandValueSet({
      url: COLOURS_VALUE_SET,
    });
    expect(result.server).toEqual({ url: stub.baseUrl });
    expect(stub.requests.some((r) => r.path === '/metadata')).toBe(false);
  });
});

describe('configuration', () => {
  it.each([
    [{ baseUrl: 'not a url' }, /is not a URL/],
    [{ baseUrl: 'ftp://tx.example.org/fhir' }, /uses ftp:/],
    [{ baseUrl: 'https://user:pass@tx.example.org/fhir' }, /carries credentials/],
    [
      { baseUrl: 'https://tx.example.org/fhir', timeoutMs: 0 },
      /options\.timeoutMs must be a positive number/,
    ],
    [
      { baseUrl: 'https://tx.example.org/fhir', cache: { maxEntries: -1 } },
      /options\.cache\.maxEntries/,
    ],
  ])('rejects %j (bad-option)', (options, message) => {
    expect(thrown(() => createTerminologyClient(options))).toMatchObject({
      code: 'bad-option',
      message: expect.stringMatching(message) as string,
    });
  });

  it('normalises the base URL', () => {
    expect(createTerminologyClient({ baseUrl: 'https://tx.example.org/fhir///' }).baseUrl).toBe(
      'https://tx.example.org/fhir',
    );
  });

  it('recognises its errors, also from another copy of the module', () => {
    expect(TERMINOLOGY_ERROR_CODES).toContain('timeout');
    expect(isTerminologyError(new TerminologyError('timeout', 'x'))).toBe(true);
    expect(
      isTerminologyError(
        Object.assign(new Error('x'), { name: 'TerminologyError', code: 'unreachable' }),
      ),
    ).toBe(true);
    expect(
      isTerminologyError(Object.assign(new Error('x'), { name: 'TerminologyError', code: 'nope' })),
    ).toBe(false);
    expect(isTerminologyError('timeout')).toBe(false);
  });
});
