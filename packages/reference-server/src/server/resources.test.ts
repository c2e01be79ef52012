import { FhirServerError, getResponseInfo } from '@lhcr/client';
import type { Bundle, Condition, Patient } from '@lhcr/models';
import { generateTestNhsNumber } from '@lhcr/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, fixture, startRegion } from '../__fixtures__/region';
import { newPatient } from '../__fixtures__/resources';
import type { ReferenceServer } from '../start-reference-server';
import { sanitiseDiagnostics } from './resources';

const NHS_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

describe('create, read, update, delete and history', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startRegion();
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates with a server id and answers 201 with Location, ETag and Last-Modified', async () => {
    const client = clientFor(server);
    const created = await client.create({ ...newPatient(), id: 'client-chosen' });
    expect(created.status).toBe(201);
    expect(created.resource?.id).not.toBe('client-chosen');
    expect(created.location).toBe(`${server.url}/Patient/${created.resource?.id ?? ''}/_history/1`);
    expect(created.etag).toBe('W/"1"');
    expect(created.lastModified).toBeDefined();
    expect(created.resource?.meta?.versionId).toBe('1');
    expect(created.resource?.meta?.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const read = await client.read('Patient', created.resource?.id ?? '');
    expect(read.name?.[0]?.family).toBe('Testperson');
    expect(getResponseInfo(read)?.etag).toBe('W/"1"');
  });

  it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
    const client = clientFor(server);
    const minimal = await client.create(newPatient(), { prefer: 'return=minimal' });
    expect(minimal.status).toBe(201);
    expect(minimal.resource).toBeUndefined();
    const outcome = await client.create(newPatient(), { prefer: 'return=OperationOutcome' });
    expect(outcome.outcome?.resourceType).toBe('OperationOutcome');
  });

  it('updates with If-Match, refuses a stale ETag with 412, and keeps versions for vread and history', async () => {
    const client = clientFor(server);
    const created = await client.create(newPatient());
    const patient = created.resource as Patient;
    const updated = await client.update({ ...patient, gender: 'female' }, { ifMatch: 'W/"1"' });
    expect(updated.status).toBe(200);
    expect(updated.versionId).toBe('2');
    await expect(
      client.update({ ...patient, gender: 'male' }, { ifMatch: 'W/"1"' }),
    ).rejects.toMatchObject({
      status: 412,
    });
    expect((await client.vread('Patient', patient.id ?? '', '1')).gender).toBe('unknown');
    const history = await client.history({ type: 'Patient', id: patient.id ?? '' });
    expect(history.type).toBe('history');
    expect(history.entry?.map((entry) => entry.resource?.meta?.versionId)).toEqual(['2', '1']);
  });

  it('creates with PUT to a new id (update as create)', async () => {
    const client = clientFor(server);
    const result = await client.update({ ...newPatient(), id: 'put-created-patient' });
    expect(result.status).toBe(201);
    expect(result.created).toBe(true);
  });

  it('creates conditionally with If-None-Exist', async () => {
    const client = clientFor(server);
    const nhsNumber = generateTestNhsNumber();
    const condition = { identifier: `${NHS_SYSTEM}|${nhsNumber}` };
    const first = await client.create(newPatient(nhsNumber), { ifNoneExist: condition });
    expect(first.status).toBe(201);
    const second = await client.create(newPatient(nhsNumber), { ifNoneExist: condition });
    expect(second.status).toBe(200);
    expect(second.resource?.id).toBe(first.resource?.id);
    expect(await client.findPatientsByNhsNumber(nhsNumber)).toHaveLength(1);
  });

  it('deletes, then answers 410 Gone for the resource and 404 for ids never known', async () => {
    const client = clientFor(server);
    const created = await client.create(newPatient());
    const id = created.resource?.id ?? '';
    expect((await client.delete('Patient', id)).status).toBe(204);
    await expect(client.read('Patient', id)).rejects.toMatchObject({ status: 410 });
    const missing = await client.read('Patient', 'never-was').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(FhirServerError);
    expect(missing).toMatchObject({
      status: 404,
      spineErrorCode: 'RESOURCE_NOT_FOUND',
      outcome: { issue: [{ code: 'not-found' }] },
    });
  });

  it('refuses an invalid resource with 422 and an OperationOutcome holding no patient data', async () => {
    const client = clientFor(server);
    const nhsNumber = generateTestNhsNumber();
    const invalid = {
      ...newPatient(nhsNumber),
      name: undefined,
      gender: 'Testperson-9',
    } as unknown as Patient;
    const error = await client.create(invalid).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 422, outcome: { resourceType: 'OperationOutcome' } });
    const text = JSON.stringify((error as FhirServerError).outcome);
    expect(text).not.toContain(nhsNumber);
    expect(text).not.toContain('Testperson');
    expect(
      (error as FhirServerError).outcome?.issue.some((issue) =>
        issue.expression?.[0]?.startsWith('Patient'),
      ),
    ).toBe(true);
  });

  it('refuses an invalid NHS number, two NHS numbers and the misspelt ODS system with 422', async () => {
    const client = clientFor(server);
    const bad = newPatient('9434765918');
    await expect(client.create(bad)).rejects.toMatchObject({ status: 422 });
    const two = newPatient();
    two.identifier = [
      ...(two.identifier ?? []),
      { system: NHS_SYSTEM, value: generateTestNhsNumber() },
    ];
    await expect(client.create(two)).rejects.toMatchObject({ status: 422 });
    const [organisation] = (await fixture('shared-organisations')).resources;
    await expect(
      client.create({
        ...(organisation as object),
        id: undefined,
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organisation-code', value: 'Y99999' }],
      } as never),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('refuses unknown types with 404, unsupported interactions with 405 and audit writes with 405', async () => {
    const client = clientFor(server);
    const unknown = await client.raw({ method: 'GET', path: 'Basic/x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ resourceType: 'OperationOutcome' });
    const patch = await client.raw({
      method: 'PATCH',
      path: 'Patient/lhcr-pat-baseline',
      body: '[]',
      contentType: 'application/json-patch+json',
    });
    expect([405, 415]).toContain(patch.status);
    const audit = await client.raw({
      method: 'POST',
      path: 'AuditEvent',
      body: JSON.stringify({ resourceType: 'AuditEvent' }),
    });
    expect(audit.status).toBe(405);
    const deleteAudit = await client.raw({ method: 'DELETE', path: 'AuditEvent/x' });
    expect(deleteAudit.status).toBe(405);
  });

  it('refuses malformed, deep, wrongly typed and huge bodies cleanly', async () => {
    const small = await startRegion({ seed: false, maxBodyBytes: 64 * 1024 });
    try {
      const client = clientFor(small);
      const broken = await client.raw({
        method: 'POST',
        path: 'Patient',
        body: '{"resourceType": "Pat',
      });
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'invalid' }],
      });
      // A name in Latin-1 would otherwise be stored with a replacement character in it.
      const latin1 = await client.raw({
        method: 'POST',
        path: 'Patient',
        body: new Uint8Array(
          Buffer.from(
            JSON.stringify({ ...newPatient(), name: [{ family: 'Ren\u00e9' }] }),
            'latin1',
          ),
        ),
      });
      expect(latin1.status).toBe(400);
      expect(latin1.body).toMatchObject({
        issue: [
          { code: 'invalid', diagnostics: expect.stringContaining('not valid UTF-8') as unknown },
        ],
      });
      const deep = await client.raw({
        method: 'POST',
        path: 'Patient',
        body: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      });
      expect(deep.status).toBe(400);
      const wrongType = await client.raw({
        method: 'POST',
        path: 'Patient',
        body: JSON.stringify({ resourceType: 'Condition' }),
      });
      expect(wrongType.status).toBe(400);
      const notJson = await client.raw({
        method: 'POST',
        path: 'Patient',
        body: '<Patient/>',
        contentType: 'application/fhir+xml',
      });
      expect(notJson.status).toBe(415);
      const xmlOnly = await client.raw({
        method: 'GET',
        path: 'Patient',
        accept: 'application/fhir+xml',
      });
      expect(xmlOnly.status).toBe(406);
      const huge = await client.raw({
        method: 'POST',
        path: 'Patient',
        body: JSON.stringify({ resourceType: 'Patient', text: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'too-long' }],
      });
      // The server is still fine afterwards.
      expect((await client.create(newPatient())).status).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('echoes X-Request-ID and X-Correlation-ID', async () => {
    const client = clientFor(server);
    const reply = await client.raw(
      { method: 'GET', path: 'Patient/lhcr-pat-baseline' },
      { requestId: 'f1c0ffee-0000-4000-8000-000000000001', correlationId: 'corr-1' },
    );
    expect(reply.headers['x-request-id']).toBe('f1c0ffee-0000-4000-8000-000000000001');
    expect(reply.headers['x-correlation-id']).toBe('corr-1');
  });
});

describe('transactions and batches', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startRegion({ seed: false });
  });
  afterAll(async () => {
    await server.close();
  });

  function conditionFor(patientUrl: string): Condition {
    return {
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
        ],
      },
      verificationStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
            code: 'confirmed',
          },
        ],
      },
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/condition-category',
              code: 'problem-list-item',
            },
          ],
        },
      ],
      code: {
        coding: [{ system: 'http://snomed.info/sct', code: '195967001', display: 'Asthma' }],
      },
      subject: { reference: patientUrl },
      recordedDate: '2024-03-01',
    };
  }

  it('commits every entry, resolving urn:uuid references', async () => {
    const client = clientFor(server);
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:7c3c1ac4-0000-4000-8000-000000000001',
          resource: newPatient(),
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: conditionFor('urn:uuid:7c3c1ac4-0000-4000-8000-000000000001'),
          request: { method: 'POST', url: 'Condition' },
        },
      ],
    };
    const response = await client.transaction(bundle);
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((entry) => entry.response?.status)).toEqual([
      '201 Created',
      '201 Created',
    ]);
    const patientId = response.entry?.[0]?.resource?.id ?? '';
    const conditions = await client.search('Condition', { patient: patientId });
    expect(conditions.total).toBe(1);
    expect((conditions.entry?.[0]?.resource as Condition).subject.reference).toBe(
      `Patient/${patientId}`,
    );
  });

  it('leaves nothing behind when an entry fails', async () => {
    const client = clientFor(server);
    const nhsNumber = generateTestNhsNumber();
    const failing: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:7c3c1ac4-0000-4000-8000-000000000002',
          resource: newPatient(nhsNumber),
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: conditionFor('urn:uuid:7c3c1ac4-0000-4000-8000-000000000002'),
          request: { method: 'POST', url: 'Condition' },
        },
        {
          resource: { ...newPatient(), id: 'stale' },
          request: { method: 'PUT', url: 'Patient/stale', ifMatch: 'W/"7"' },
        },
      ],
    };
    await expect(client.transaction(failing)).rejects.toMatchObject({ status: 412 });
    expect(await client.findPatientsByNhsNumber(nhsNumber)).toHaveLength(0);
    const invalid: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: newPatient(nhsNumber), request: { method: 'POST', url: 'Patient' } },
        {
          resource: { resourceType: 'Condition' } as Condition,
          request: { method: 'POST', url: 'Condition' },
        },
      ],
    };
    await expect(client.transaction(invalid)).rejects.toMatchObject({ status: 422 });
    expect(await client.findPatientsByNhsNumber(nhsNumber)).toHaveLength(0);
  });

  it('answers each batch entry on its own', async () => {
    const client = clientFor(server);
    const response = await client.batch({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: newPatient(), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: 'Patient/not-there' } },
        { request: { method: 'GET', url: 'Patient?_count=1' } },
      ],
    });
    expect(response.entry?.map((entry) => entry.response?.status)).toEqual(['201', '404', '200']);
    expect(response.entry?.[1]?.response?.outcome?.resourceType).toBe('OperationOutcome');
  });

  it('handles concurrent writes without losing any', async () => {
    const client = clientFor(server);
    const numbers = Array.from({ length: 40 }, () => generateTestNhsNumber());
    const results = await Promise.all(
      numbers.map((nhsNumber) => client.create(newPatient(nhsNumber))),
    );
    expect(new Set(results.map((result) => result.resource?.id)).size).toBe(40);
    const found = await Promise.all(
      numbers.map((nhsNumber) => client.findPatientsByNhsNumber(nhsNumber)),
    );
    expect(found.every((list) => list.length === 1)).toBe(true);
  });
});

describe('sanitiseDiagnostics', () => {
  it('masks quoted values and NHS-number-like digit runs but keeps property names', () => {
    expect(sanitiseDiagnostics("The code 'x#Penrose-9992197625' is not in the value set")).toBe(
      "The code '…' is not in the value set",
    );
    expect(sanitiseDiagnostics("Unrecognized property 'foo'")).toBe("Unrecognized property 'foo'");
    expect(sanitiseDiagnostics('number 999 219 7625 here')).toBe('number … here');
  });
});
