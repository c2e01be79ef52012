import { codingsOf } from './fhir-values';
import type { CodingValue, Json } from './fhir-values';

/** Where each token search parameter the suite checks looks, per resource type (FHIR R4 definitions). */
const TOKEN_ELEMENTS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Observation: { code: ['code'], category: ['category'] },
  Condition: { code: ['code'], category: ['category'], 'clinical-status': ['clinicalStatus'] },
  Procedure: { code: ['code'] },
  AllergyIntolerance: { code: ['code'], 'clinical-status': ['clinicalStatus'] },
  MedicationRequest: { code: ['medicationCodeableConcept'] },
  MedicationStatement: { code: ['medicationCodeableConcept'] },
  DocumentReference: { type: ['type'] },
  Encounter: { type: ['type'] },
  Immunization: { 'vaccine-code': ['vaccineCode'] },
  Flag: { code: ['code'] },
};

/** The codings a token search parameter looks at; `undefined` when the suite does not know it. */
export function tokenCodings(
  resource: Json,
  parameter: string,
): readonly CodingValue[] | undefined {
  const type = resource['resourceType'];
  const elements = typeof type === 'string' ? TOKEN_ELEMENTS[type]?.[parameter] : undefined;
  if (elements === undefined) return undefined;
  return elements.flatMap((element) => codingsOf(resource[element]));
}

/** Whether the suite knows where a token parameter looks for a type. */
export function isKnownToken(type: string, parameter: string): boolean {
  return TOKEN_ELEMENTS[type]?.[parameter] !== undefined;
}

/** Codes that are placeholders, not real values to search on. */
const PLACEHOLDERS = new Set(['UNK', 'unknown', 'NI', 'NA', 'ASKU', 'NASK', 'OTH']);

/** A real `system|code` the resource holds for a parameter (placeholders such as UNK avoided). */
export function tokenValueOf(resource: Json, parameter: string): string | undefined {
  const coding = (tokenCodings(resource, parameter) ?? []).find(
    (candidate) =>
      candidate.system !== undefined &&
      candidate.code !== undefined &&
      !PLACEHOLDERS.has(candidate.code),
  );
  return coding === undefined ? undefined : `${coding.system ?? ''}|${coding.code ?? ''}`;
}

/** Whether the resource matches `parameter=system|code`; `undefined` when the suite does not know the parameter. */
export function resourceMatchesToken(
  resource: Json,
  parameter: string,
  value: string,
): boolean | undefined {
  const codings = tokenCodings(resource, parameter);
  if (codings === undefined) return undefined;
  const bar = value.indexOf('|');
  const system = bar < 0 ? undefined : value.slice(0, bar);
  const code = bar < 0 ? value : value.slice(bar + 1);
  return codings.some(
    (coding) => coding.code === code && (system === undefined || coding.system === system),
  );
}
