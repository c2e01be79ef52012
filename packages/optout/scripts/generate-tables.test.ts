import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_FILES,
  buildPatientReferenceTable,
  pathsFromExpression,
  renderPatientReferences,
  renderPolicySchema,
  renderPurposeOfUse,
} from './generate-tables';

describe('generated tables', { timeout: 60_000 }, () => {
  it('are up to date with the generator and the FHIR R4 definitions (run npm run generate)', async () => {
    expect(
      readFileSync(GENERATED_FILES.patientReferences, 'utf8') === renderPatientReferences(),
    ).toBe(true);
    expect(readFileSync(GENERATED_FILES.purposeOfUse, 'utf8') === renderPurposeOfUse()).toBe(true);
    expect(
      readFileSync(GENERATED_FILES.policySchema, 'utf8') === (await renderPolicySchema()),
    ).toBe(true);
  });

  it('cover the R4 Patient compartment, with nested and filtered paths', () => {
    const { rows } = buildPatientReferenceTable();
    expect(rows.size).toBe(66);
    const paths = (type: string): string[] =>
      (rows.get(type) ?? []).map((row) => row.path.join('.'));
    expect(paths('Observation')).toEqual(['subject', 'performer']);
    expect(paths('Coverage')).toEqual(['policyHolder', 'subscriber', 'beneficiary', 'payor']);
    expect(paths('Appointment')).toEqual(['participant.actor']);
    expect(paths('Condition')).toEqual(['subject', 'asserter']);
    expect(paths('AuditEvent')).toEqual(['agent.who', 'entity.what']);
    expect(rows.has('Organization')).toBe(false);
  });

  it('refuses expressions it cannot read', () => {
    expect(
      pathsFromExpression('Basic', 'Basic.subject.where(resolve() is Patient) | Other.x'),
    ).toEqual([['subject']]);
    expect(() => pathsFromExpression('Basic', 'Basic.extension(%x)')).toThrow(/unsupported/);
  });
});
