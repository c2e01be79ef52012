// Load on the reference region over loopback: reads of a Patient by id and searches by NHS
// number at a fixed concurrency, through the full stack (bearer token check, purpose of use,
// opt-out and restricted-data decisions, an AuditEvent written per request, SQLite). The peer is
// a plain node:http server answering the same lookups from in-memory Maps on the same data: the
// floor any HTTP JSON server pays. Bounded: about 2.5 s of load per case and server.
import { createServer } from 'node:http';
import { createClientAssertion, importSigningKey } from '@lhcr/client';
import { generateTestNhsNumber } from '@lhcr/models';
import { startReferenceServer } from '@lhcr/reference-server';

export const title = 'Reference server load (loopback, 16 concurrent requests)';

const PATIENTS = 1000;
const CONCURRENCY = 16;
const DURATION_MS = 2500;
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

function patient(index, nhsNumber) {
  return {
    resourceType: 'Patient',
    id: `bench-${index}`,
    identifier: [
      {
        system: NHS,
        value: nhsNumber,
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
            valueCodeableConcept: {
              coding: [
                {
                  system:
                    'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                  code: '01',
                },
              ],
            },
          },
        ],
      },
    ],
    name: [{ family: 'Synthetic', given: ['Bench'] }],
    gender: index % 2 === 0 ? 'female' : 'male',
    birthDate: '1970-01-01',
  };
}

/** Runs `request(i)` from CONCURRENCY workers for DURATION_MS; latencies in ms. */
async function load(request) {
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + DURATION_MS;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const start = performance.now();
      try {
        const response = await request(i);
        if (response.status !== 200) errors += 1;
        await response.arrayBuffer();
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    rate: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    count: latencies.length,
  };
}

function describeRun(run) {
  return `${Math.round(run.rate).toLocaleString('en-GB')} req/s, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, ${run.errors} errors`;
}

async function baselineServer(byId, byNhs) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let body;
    const id = /^\/fhir\/Patient\/([^/]+)$/.exec(url.pathname)?.[1];
    if (id !== undefined) body = byId.get(id);
    else if (url.pathname === '/fhir/Patient') {
      const value = (url.searchParams.get('identifier') ?? '').split('|')[1];
      const match = byNhs.get(value);
      body = {
        resourceType: 'Bundle',
        type: 'searchset',
        total: match ? 1 : 0,
        entry: match ? [{ resource: match }] : [],
      };
    }
    const text = JSON.stringify(body ?? { resourceType: 'OperationOutcome' });
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/fhir+json' });
    res.end(text);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/fhir` };
}

async function accessToken(region) {
  const { testClient } = region;
  const key = await importSigningKey(testClient.privateKey, testClient.algorithm);
  const assertion = await createClientAssertion({
    clientId: testClient.clientId,
    tokenUrl: region.tokenUrl,
    key,
    algorithm: testClient.algorithm,
    keyId: testClient.kid,
    claims: { purpose_of_use: 'TREAT' },
  });
  const reply = await fetch(region.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'system/Patient.read system/*.write',
    }),
  });
  return (await reply.json()).access_token;
}

export async function run() {
  const random = seeded(7);
  const numbers = new Set();
  while (numbers.size < PATIENTS) numbers.add(generateTestNhsNumber(random));
  const patients = [...numbers].map((nhsNumber, index) => patient(index, nhsNumber));

  const memoryBefore = process.memoryUsage().rss;
  const region = await startReferenceServer({ seed: true });
  const token = await accessToken(region);
  const headers = {
    authorization: `Bearer ${token}`,
    'x-purpose-of-use': 'TREAT',
    accept: 'application/fhir+json',
  };
  const loaded = await fetch(region.url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/fhir+json' },
    body: JSON.stringify({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: patients.map((resource) => ({
        resource,
        request: { method: 'PUT', url: `Patient/${resource.id}` },
      })),
    }),
  });
  if (loaded.status !== 200) throw new Error(`loading the bench patients failed: ${loaded.status}`);
  const memoryLoaded = process.memoryUsage().rss;

  const byId = new Map(patients.map((resource) => [resource.id, resource]));
  const byNhs = new Map(patients.map((resource) => [resource.identifier[0].value, resource]));
  const peer = await baselineServer(byId, byNhs);

  const read = (base, withAuth) => (i) =>
    fetch(`${base}/Patient/bench-${i % PATIENTS}`, { headers: withAuth ? headers : {} });
  const search = (base, withAuth) => (i) =>
    fetch(
      `${base}/Patient?identifier=${encodeURIComponent(`${NHS}|${patients[i % PATIENTS].identifier[0].value}`)}`,
      {
        headers: withAuth ? headers : {},
      },
    );

  const rows = [];
  for (const [name, make] of [
    ['read Patient/[id]', read],
    ['search Patient?identifier=nhs|n', search],
  ]) {
    const theirs = await load(make(peer.url, false));
    const ours = await load(make(region.url, true));
    rows.push({
      case: name,
      peer: 'node:http + Map',
      peerFigure: describeRun(theirs),
      ours: describeRun(ours),
      ratio: `${(ours.rate / theirs.rate).toFixed(2)}×`,
    });
  }
  const memoryAfter = process.memoryUsage().rss;
  rows.push({
    case: 'memory (rss)',
    peer: '',
    peerFigure: `before ${Math.round(memoryBefore / 1e6)} MB`,
    ours: `loaded ${Math.round(memoryLoaded / 1e6)} MB, after load ${Math.round(memoryAfter / 1e6)} MB`,
    ratio: '',
  });
  await region.close();
  await new Promise((resolve) => peer.server.close(resolve));
  return rows;
}
