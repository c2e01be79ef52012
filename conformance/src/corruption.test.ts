import { request as httpRequest } from 'node:http';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startStubServer } from './__fixtures__/stub-server';
import type { StubServer } from './__fixtures__/stub-server';
import { coreBlueprint } from './__fixtures__/test-blueprint';
import type { ReferenceRegion } from './reference-region';
import { startReferenceRegion } from './reference-region';
import type { ConformanceBlueprint } from './run-conformance';
import { runConformance } from './run-conformance';

/**
 * The whole suite against the reference region behind a proxy that corrupts a share of the
 * JSON replies (fields dropped or replaced by values of the wrong kind): whatever a server sends,
 * every test ends as pass, fail, skip, omit or error with a reason, never as a crash of the
 * tester.
 */

let loaded: ConformanceBlueprint;
let region: ReferenceRegion;
let proxy: StubServer;
let corrupt: (body: unknown) => unknown = (body) => body;

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

const WRONG: readonly unknown[] = [
  null,
  0,
  -1,
  '',
  'x',
  true,
  [],
  {},
  [null],
  { resourceType: 'Nope' },
  '2026-13-45',
];

function mutate(value: unknown, random: () => number, rate: number, depth = 0): unknown {
  if (depth > 40) return value;
  if (random() < rate) return WRONG[Math.floor(random() * WRONG.length)];
  if (Array.isArray(value)) return value.map((item) => mutate(item, random, rate, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (random() < rate / 2) continue;
      out[key] = mutate(item, random, rate, depth + 1);
    }
    return out;
  }
  return value;
}

beforeAll(async () => {
  loaded = await coreBlueprint();
  region = await startReferenceRegion({ blueprint: loaded });
  const upstream = new URL(region.target.baseUrl);
  proxy = await startStubServer(
    (incoming, response, body) =>
      new Promise<void>((resolve) => {
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: incoming.method ?? 'GET',
            path: incoming.url ?? '/',
            headers: { ...incoming.headers, host: upstream.host },
          },
          (reply) => {
            const chunks: Buffer[] = [];
            reply.on('data', (chunk: Buffer) => chunks.push(chunk));
            reply.on('end', () => {
              let text = Buffer.concat(chunks)
                .toString('utf8')
                .replaceAll(upstream.origin, proxy.origin);
              const type = reply.headers['content-type'] ?? '';
              if (type.includes('json') && !type.includes('ndjson') && text !== '') {
                try {
                  text = JSON.stringify(corrupt(JSON.parse(text)));
                } catch {
                  // not JSON after all: pass it on
                }
              }
              const headers = { ...reply.headers };
              for (const name of ['location', 'content-location']) {
                const value = headers[name];
                if (typeof value === 'string')
                  headers[name] = value.replace(upstream.origin, proxy.origin);
              }
              delete headers['content-length'];
              delete headers['transfer-encoding'];
              response.writeHead(reply.statusCode ?? 502, headers);
              response.end(text);
              resolve();
            });
          },
        );
        forward.on('error', () => {
          response.destroy();
          resolve();
        });
        forward.end(body);
      }),
  );
});

afterAll(async () => {
  await proxy.close();
  await region.close();
});

describe('the core suite against corrupted replies', () => {
  test.prop([fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(0.02, 0.1, 0.3)], {
    numRuns: 4,
    // Replies that once crashed the tester: a Patient id of the wrong kind, a CapabilityStatement
    // whose software is null.
    examples: [
      [315890062, 0.02],
      [787626848, 0.1],
    ],
  })(
    'ends every test with an outcome and a reason, never a tester failure',
    async (seed, rate) => {
      const random = seeded(seed);
      corrupt = (body) => (random() < 0.5 ? mutate(body, random, rate) : body);
      const base = new URL(region.target.baseUrl);
      const report = await runConformance({
        ...loaded,
        target: {
          ...region.target,
          baseUrl: `${proxy.origin}${base.pathname}`,
        },
        fixtures: 'preloaded',
        concurrency: 8,
        timeoutMs: 3000,
      });
      expect(report.tests.length).toBeGreaterThan(90);
      expect(
        report.tests
          .filter((item) => item.reason?.startsWith('the tester failed') === true)
          .map((item) => `${item.id}: ${item.reason ?? ''}`),
      ).toEqual([]);
      expect(
        report.tests
          .filter((item) => item.outcome !== 'pass' && (item.reason ?? '') === '')
          .map((item) => item.id),
      ).toEqual([]);
    },
    180_000,
  );
});
