import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createValidator, DEFAULT_LIMITS } from './index';
import { r4CoreDefinitions } from './node';

const validator = createValidator({
  definitions: r4CoreDefinitions(),
  reportUnverifiedCodes: false,
});

describe('createValidator', () => {
  test.prop([fc.jsonValue({ maxDepth: 6 })], { numRuns: 300 })(
    'never throws on arbitrary JSON values, and always returns an outcome',
    (value) => {
      const result = validator.validate(value);
      expect(result.outcome.resourceType).toBe('OperationOutcome');
      expect(result.outcome.issue.length).toBeGreaterThan(0);
    },
  );

  const resourceLike = fc.record(
    {
      resourceType: fc.constantFrom('Patient', 'Observation', 'Bundle', 'Condition', 'Foo'),
      id: fc.oneof(fc.string(), fc.integer()),
      name: fc.jsonValue({ maxDepth: 3 }),
      status: fc.jsonValue({ maxDepth: 2 }),
      contained: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 2 }),
      entry: fc.array(
        fc.record({ resource: fc.jsonValue({ maxDepth: 3 }), fullUrl: fc.string() }),
        { maxLength: 2 },
      ),
      extension: fc.array(
        fc.record({ url: fc.string(), valueString: fc.jsonValue({ maxDepth: 1 }) }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['resourceType'] },
  );
  test.prop([resourceLike], { numRuns: 300 })(
    'never throws on resource-shaped garbage',
    (value) => {
      expect(() => validator.validate(value)).not.toThrow();
      expect(() => validator.validateText(JSON.stringify(value))).not.toThrow();
    },
  );

  test.prop([fc.string({ maxLength: 200 })], { numRuns: 300 })(
    'never throws on arbitrary text',
    (text) => {
      const result = validator.validateText(text);
      expect(result.issues.length).toBeGreaterThan(0);
    },
  );

  it('takes text as bytes, which must be UTF-8, and ignores a leading byte order mark', () => {
    const text = '{\n  "resourceType": "Patient",\n  "gender": "female"\n}';
    const utf8 = new TextEncoder().encode(text);
    expect(validator.validateText(`\ufeff${text}`).issues).toEqual(
      validator.validateText(text).issues,
    );
    expect(validator.validateText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])).issues).toEqual(
      validator.validateText(text).issues,
    );
    const latin1 = new Uint8Array([...utf8.slice(0, -5), 0xe9, ...utf8.slice(-5)]);
    const result = validator.validateText(latin1);
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({ severity: 'fatal', code: 'structure', line: 3, column: 18 }),
    ]);
    const small = createValidator({ limits: { maxBytes: utf8.length - 1 } });
    expect(small.validateText(utf8).issues[0]).toMatchObject({
      severity: 'fatal',
      code: 'too-costly',
    });
  });

  it('gives malformed JSON one fatal issue with the line and column of the error', () => {
    const result = validator.validateText('{\n  "resourceType": "Patient",\n  "gender": male\n}');
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ severity: 'fatal', line: 3, column: 13 });
  });

  it('refuses duplicate property names instead of silently keeping the last', () => {
    const result = validator.validateText(
      '{"resourceType":"Patient","gender":"male","gender":"female"}',
    );
    expect(result.issues[0]).toMatchObject({ severity: 'fatal', code: 'structure' });
    expect(result.issues[0]?.diagnostics).toContain("'gender'");
  });

  it('enforces the depth limit on text and on parsed values alike, without a stack overflow', () => {
    let deep = '{"url":"http://x","valueString":"v"}';
    for (let i = 0; i < 5000; i++) deep = `{"url":"http://x","extension":[${deep}]}`;
    const text = `{"resourceType":"Patient","extension":[${deep}]}`;
    const fromText = validator.validateText(text);
    expect(fromText.issues[0]).toMatchObject({
      severity: 'fatal',
      code: 'too-costly',
      expression: '',
    });
    const fromValue = validator.validate(JSON.parse(text));
    expect(fromValue.issues[0]).toMatchObject({
      severity: 'fatal',
      code: 'too-costly',
      expression: '',
    });
  });

  it('enforces the size limit', () => {
    const small = createValidator({ limits: { maxBytes: 100 } });
    const result = small.validateText(
      JSON.stringify({ resourceType: 'Patient', id: 'x'.repeat(60), gender: 'male' }),
    );
    expect(result.issues[0]).toMatchObject({ severity: 'fatal', code: 'too-costly' });
    expect(DEFAULT_LIMITS.maxDepth).toBe(128);
  });

  it('validates against a profile given per call as well as meta.profile', () => {
    const patient = { resourceType: 'Patient', gender: 'male' };
    expect(validator.validate(patient).ok).toBe(true);
    const result = validator.validate(patient, {
      profiles: ['http://hl7.org/fhir/StructureDefinition/no-such-profile'],
    });
    // Asked for and not loaded: the question cannot be answered, so the result is not valid.
    expect(result.ok).toBe(false);
    expect(
      result.issues.some((i) => i.severity === 'error' && i.diagnostics.includes('not loaded')),
    ).toBe(true);
  });

  it('tests each `when` code of a Timing for tim-9, so several codes are neither an error nor a warning', () => {
    const request = (repeat: object) => ({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { text: 'Paracetamol 500mg tablets' },
      subject: { reference: 'Patient/p1' },
      dosageInstruction: [{ timing: { repeat } }],
    });
    const tim9 = (repeat: object) =>
      validator
        .validate(request(repeat))
        .issues.filter((i) => i.diagnostics.includes('tim-9'))
        .map((i) => i.severity);
    expect(tim9({ when: ['MORN', 'HS'] })).toEqual([]);
    expect(tim9({ when: ['MORN', 'HS'], offset: 30 })).toEqual([]);
    expect(tim9({ when: ['CM', 'HS'], offset: 30 })).toEqual(['error']);
  });

  it('names the code found and the value set it should come from', () => {
    const result = validator.validate({ resourceType: 'Patient', gender: 'F', active: 'yes' });
    const gender = result.issues.find((i) => i.expression === 'Patient.gender');
    expect(gender?.diagnostics).toBe(
      "The value 'F' is not in the value set http://hl7.org/fhir/ValueSet/administrative-gender, which is required here",
    );
    const active = result.issues.find((i) => i.expression === 'Patient.active');
    expect(active?.diagnostics).toBe('Expected a FHIR boolean (JSON boolean), found a string');
  });

  it('never puts the value of a string or date into its diagnostics (it may be patient data)', () => {
    const result = validator.validate({
      resourceType: 'Patient',
      birthDate: '1970-02-30',
      name: [{ family: ' Smith ' }],
    });
    for (const issue of result.issues) {
      expect(issue.diagnostics).not.toContain('1970-02-30');
      expect(issue.diagnostics).not.toContain('Smith');
    }
  });
});
