import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminologyClient, createValidator } from '../../index';
import { r4CoreDefinitions } from '../../node';
import { startStubTerminologyServer } from './__fixtures__/stub-terminology-server';
import type { StubTerminologyServer } from './__fixtures__/stub-terminology-server';

function observation(code: string): unknown {
  return {
    resourceType: 'Observation',
    status: 'final',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
    code: { coding: [{ system: 'http://snomed.info/sct', code }] },
  };
}

describe('validateAsync with a terminology server', () => {
  let server: StubTerminologyServer;
  beforeAll(async () => {
    server = await startStubTerminologyServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const validator = (): ReturnType<typeof createValidator> =>
    createValidator({
      definitions: r4CoreDefinitions(),
      terminology: createTerminologyClient({ baseUrl: server.baseUrl, timeoutMs: 2000 }),
    });

  it('replaces the "not verified" note of a known SNOMED CT code, recording the versions used', async () => {
    const result = await validator().validateAsync(observation('22298006'));
    expect(result.ok).toBe(true);
    expect(result.issues.some((i) => i.diagnostics.includes('not verified'))).toBe(false);
    const note = result.issues.find((i) =>
      i.diagnostics.startsWith('Codes checked with the terminology server'),
    );
    expect(note?.diagnostics).toContain('20240410');
  });

  it('turns a code the server does not know into an error on its Coding', async () => {
    const result = await validator().validateAsync(observation('128045006'));
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'code-invalid',
        expression: 'Observation.code.coding[0].code',
      }),
    );
  });

  it('keeps the notes and warns once when the server cannot be reached', async () => {
    const down = createValidator({
      definitions: r4CoreDefinitions(),
      terminology: createTerminologyClient({ baseUrl: 'http://127.0.0.1:9/fhir', timeoutMs: 500 }),
    });
    const result = await down.validateAsync(observation('22298006'));
    expect(result.ok).toBe(true);
    expect(
      result.issues.filter(
        (i) => i.severity === 'warning' && i.diagnostics.includes('could not check'),
      ),
    ).toHaveLength(1);
    expect(result.issues.some((i) => i.diagnostics.includes('not verified'))).toBe(true);
  });

  it('gives the same answers as validate when there is no server', async () => {
    const plain = createValidator({ definitions: r4CoreDefinitions() });
    const input = observation('22298006');
    expect(await plain.validateAsync(input)).toEqual(plain.validate(input));
  });
});
