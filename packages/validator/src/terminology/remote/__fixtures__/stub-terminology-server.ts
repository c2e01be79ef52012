import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** SNOMED CT, UK edition, at a fixed (synthetic) release. */
export const SNOMED = 'http://snomed.info/sct';
export const SNOMED_VERSION = 'http://snomed.info/sct/999000031000000106/version/20240410';
export const COLOURS_SYSTEM = 'https://example.org/CodeSystem/colours';
export const COLOURS_VALUE_SET = 'https://example.org/ValueSet/colours';

const CODE_SYSTEMS: Record<string, { version: string; concepts: Record<string, string> }> = {
  [SNOMED]: {
    version: SNOMED_VERSION,
    concepts: { '22298006': 'Myocardial infarction', '404684003': 'Clinical finding' },
  },
  [COLOURS_SYSTEM]: { version: '1.2.0', concepts: { red: 'Red', green: 'Green', blue: 'Blue' } },
};
const VALUE_SETS: Record<string, { version: string; system: string; codes: string[] }> = {
  [COLOURS_VALUE_SET]: { version: '3.0.0', system: COLOURS_SYSTEM, codes: ['red', 'green'] },
};

/** One request the stub received. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

/** How the stub misbehaves, set by each test. */
export interface StubBehaviour {
  /** Wait this long before answering operations. */
  delayMs: number;
  /** Answer operations with this instead of the real thing. */
  mode: 'normal' | 'not-json' | 'wrong-resource' | 'huge' | 'drop-connection';
  /** Refuse requests without `Authorization: Bearer <token>`, echoing what was sent (as some servers do). */
  requireToken: string | undefined;
  /** Answer `GET /metadata` with 404. */
  noMetadata: boolean;
}

/** A running stub with its address, what it received, and its behaviour. */
export interface StubTerminologyServer {
  readonly baseUrl: string;
  readonly requests: StubRequest[];
  readonly behaviour: StubBehaviour;
  /** Operation requests only (not `/metadata`). */
  operations(): StubRequest[];
  close(): Promise<void>;
}

type Params = Record<string, unknown>;

function outcome(code: string, diagnostics: string): Params {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/** The operation's inputs, from the query string or a Parameters body. */
function inputs(query: Record<string, string>, body: unknown): Params {
  const out: Params = { ...query };
  const list =
    typeof body === 'object' && body !== null && 'parameter' in body ? body.parameter : undefined;
  if (Array.isArray(list)) {
    for (const p of list as Params[]) {
      const key = Object.keys(p).find((k) => k.startsWith('value'));
      if (typeof p.name === 'string' && key !== undefined) out[p.name] = p[key];
    }
  }
  return out;
}

function validateCode(
  system: string | undefined,
  code: string | undefined,
  allowed?: string[],
): Params {
  const cs = system === undefined ? undefined : CODE_SYSTEMS[system];
  if (cs === undefined)
    return {
      status: 404,
      body: outcome('not-found', `CodeSystem ${String(system)} is not known to this server`),
    };
  const display = code === undefined ? undefined : cs.concepts[code];
  const valid = display !== undefined && (allowed === undefined || allowed.includes(code ?? ''));
  const parameter: Params[] = [{ name: 'result', valueBoolean: valid }];
  if (valid) parameter.push({ name: 'display', valueString: display });
  else
    parameter.push({
      name: 'message',
      valueString: `Code ${String(code)} is not valid in ${system ?? ''}`,
    });
  parameter.push(
    { name: 'system', valueUri: system },
    { name: 'code', valueCode: code },
    { name: 'version', valueString: cs.version },
  );
  if (!valid)
    parameter.push({
      name: 'issues',
      resource: outcome('code-invalid', `Unknown code ${String(code)}`),
    });
  return { status: 200, body: { resourceType: 'Parameters', parameter } };
}

function answer(path: string, input: Params): { status: number; body: unknown } {
  const coding = input.coding as { system?: string; code?: string } | undefined;
  if (path === '/CodeSystem/$validate-code') {
    const system = (input.url as string | undefined) ?? coding?.system;
    const result = validateCode(system, (input.code as string | undefined) ?? coding?.code);
    return result as { status: number; body: unknown };
  }
  if (path === '/ValueSet/$validate-code') {
    const vs = VALUE_SETS[String(input.url)];
    if (vs === undefined)
      return {
        status: 404,
        body: outcome('not-found', `ValueSet ${String(input.url)} is not known to this server`),
      };
    const system = (input.system as string | undefined) ?? coding?.system;
    const code = (input.code as string | undefined) ?? coding?.code;
    if (system !== vs.system) {
      return {
        status: 200,
        body: {
          resourceType: 'Parameters',
          parameter: [
            { name: 'result', valueBoolean: false },
            { name: 'message', valueString: 'wrong system' },
          ],
        },
      };
    }
    return validateCode(system, code, vs.codes) as { status: number; body: unknown };
  }
  if (path === '/ValueSet/$expand') {
    const vs = VALUE_SETS[String(input.url)];
    if (vs === undefined)
      return {
        status: 404,
        body: outcome('not-found', `ValueSet ${String(input.url)} is not known to this server`),
      };
    const cs = CODE_SYSTEMS[vs.system];
    const filter = typeof input.filter === 'string' ? input.filter.toLowerCase() : '';
    const all = vs.codes.filter((c) => (cs?.concepts[c] ?? '').toLowerCase().includes(filter));
    const offset = Number(input.offset ?? 0);
    const count = input.count === undefined ? all.length : Number(input.count);
    const page = all.slice(offset, offset + count);
    return {
      status: 200,
      body: {
        resourceType: 'ValueSet',
        url: input.url,
        version: vs.version,
        status: 'active',
        expansion: {
          timestamp: '2024-04-10T00:00:00Z',
          total: all.length,
          offset,
          parameter: [
            { name: 'version', valueUri: `${vs.system}|${cs?.version ?? ''}` },
            { name: 'count', valueInteger: count },
          ],
          contains: [
            {
              system: vs.system,
              abstract: true,
              display: 'Colours',
              contains: page.map((code) => ({
                system: vs.system,
                version: cs?.version,
                code,
                display: cs?.concepts[code],
              })),
            },
          ],
        },
      },
    };
  }
  return {
    status: 404,
    body: outcome('not-supported', `${path} is not an operation of this server`),
  };
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/fhir+json',
): void {
  response.writeHead(status, { 'content-type': type });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * A FHIR terminology server that speaks `CodeSystem/$validate-code`, `ValueSet/$validate-code`
 * and `ValueSet/$expand` (GET and POST, Parameters in and out, OperationOutcome on errors) over
 * a tiny synthetic terminology, on 127.0.0.1 with a free port.
 */
export async function startStubTerminologyServer(): Promise<StubTerminologyServer> {
  const requests: StubRequest[] = [];
  const behaviour: StubBehaviour = {
    delayMs: 0,
    mode: 'normal',
    requireToken: undefined,
    noMetadata: false,
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/^\/fhir/, '');
      const body = await readBody(request);
      const authorization = request.headers.authorization;
      requests.push({
        method: request.method ?? '',
        path,
        query: Object.fromEntries(url.searchParams),
        body,
        authorization,
      });
      if (
        behaviour.requireToken !== undefined &&
        authorization !== `Bearer ${behaviour.requireToken}`
      ) {
        send(
          response,
          401,
          outcome('login', `Authorization header "${authorization ?? ''}" was not accepted`),
        );
        return;
      }
      if (path === '/metadata') {
        if (behaviour.noMetadata) send(response, 404, outcome('not-found', 'no metadata'));
        else
          send(response, 200, {
            resourceType: 'CapabilityStatement',
            status: 'active',
            kind: 'instance',
            fhirVersion: '4.0.1',
            software: { name: 'StubTx', version: '9.9.9' },
          });
        return;
      }
      if (behaviour.delayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (response.destroyed) return;
      switch (behaviour.mode) {
        case 'not-json':
          send(response, 200, '<html>proxy login page</html>', 'text/html');
          return;
        case 'wrong-resource':
          send(response, 200, { resourceType: 'Bundle', type: 'searchset' });
          return;
        case 'huge':
          send(response, 200, { resourceType: 'Parameters', padding: 'x'.repeat(64 * 1024) });
          return;
        case 'drop-connection':
          request.socket.destroy();
          return;
        case 'normal': {
          const { status, body: out } = answer(
            path,
            inputs(Object.fromEntries(url.searchParams), body),
          );
          send(response, status, out);
          return;
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    requests,
    behaviour,
    operations: () => requests.filter((r) => r.path !== '/metadata'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
