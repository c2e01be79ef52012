import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generateFhirTypes } from './generate-fhir-types';

describe('generated FHIR R4 types', () => {
  const text = generateFhirTypes();

  it('are up to date with the generator and the definitions (run npm run generate)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8') === text).toBe(true);
  });

  it('come from the unmodified R4 definitions', () => {
    // Facts of FHIR 4.0.1 that patched definition bundles are known to change.
    expect(text).toMatch(
      /export interface DetectedIssue \{[^}]*status: "registered" \| "preliminary" \| "final"/s,
    );
    expect(text).not.toContain('SubscriptionStatus');
    expect(text).toMatch(
      /export interface EvidenceVariable \{[^}]*characteristic: EvidenceVariableCharacteristic\[\];/s,
    );
  });

  it('cover every R4 resource type, with R4 shapes', () => {
    expect(text.match(/^export function is[A-Z]\w*\(/gm)).toHaveLength(146);
    expect(text).toMatch(
      /export interface Patient \{[^}]*gender\?: "male" \| "female" \| "other" \| "unknown";/s,
    );
    expect(text).toMatch(/export interface Observation \{[^}]*code: CodeableConcept;/s);
    expect(text).toMatch(
      /export interface QuestionnaireItem \{[^}]*item\?: QuestionnaireItem\[\];/s,
    );
    expect(text).toMatch(/export interface BundleEntry \{[^}]*resource\?: AnyResource;/s);
  });
});
