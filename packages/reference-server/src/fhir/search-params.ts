/**
 * The search parameters the server indexes, per resource type: the FHIR R4 definitions of the
 * parameters `@lhcr/blueprint-core` requires (and a few more that cost nothing), with their
 * FHIRPath expressions reduced to element paths. `[x]` marks a choice element.
 */
export type SearchParamType = 'token' | 'string' | 'date' | 'reference';

/** One search parameter of one resource type. */
export interface SearchParamDef {
  readonly name: string;
  readonly type: SearchParamType;
  /** Element paths below the resource (`subject`, `name.family`, `effective[x]`). */
  readonly paths: readonly string[];
  /** For references: the target types allowed (`patient` only matches Patient targets). */
  readonly targets?: readonly string[];
}

const token = (name: string, ...paths: string[]): SearchParamDef => ({
  name,
  type: 'token',
  paths,
});
const string = (name: string, ...paths: string[]): SearchParamDef => ({
  name,
  type: 'string',
  paths,
});
const date = (name: string, ...paths: string[]): SearchParamDef => ({ name, type: 'date', paths });
const reference = (name: string, paths: string[], targets?: string[]): SearchParamDef =>
  targets === undefined
    ? { name, type: 'reference', paths }
    : { name, type: 'reference', paths, targets };

const patientOf = (path: string): SearchParamDef => reference('patient', [path], ['Patient']);
const identifier = token('identifier', 'identifier');

/** Search parameters per resource type (the common `_id` and `_lastUpdated` are built in). */
export const SEARCH_PARAMS: Readonly<Record<string, readonly SearchParamDef[]>> = {
  Patient: [
    identifier,
    string('family', 'name.family'),
    string('given', 'name.given'),
    string('name', 'name'),
    date('birthdate', 'birthDate'),
    token('gender', 'gender'),
    token('active', 'active'),
    reference('general-practitioner', ['generalPractitioner']),
    reference('organization', ['managingOrganization']),
    string('address-postalcode', 'address.postalCode'),
    date('death-date', 'deceasedDateTime'),
  ],
  Organization: [
    identifier,
    string('name', 'name', 'alias'),
    token('type', 'type'),
    token('active', 'active'),
  ],
  Practitioner: [
    identifier,
    string('name', 'name'),
    string('family', 'name.family'),
    string('given', 'name.given'),
  ],
  PractitionerRole: [
    identifier,
    reference('practitioner', ['practitioner']),
    reference('organization', ['organization']),
    token('role', 'code'),
    token('specialty', 'specialty'),
  ],
  Encounter: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    date('date', 'period'),
    token('status', 'status'),
    token('class', 'class'),
    token('type', 'type'),
    reference('service-provider', ['serviceProvider']),
    reference('participant', ['participant.individual']),
  ],
  Condition: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    token('code', 'code'),
    token('clinical-status', 'clinicalStatus'),
    token('verification-status', 'verificationStatus'),
    token('category', 'category'),
    date('recorded-date', 'recordedDate'),
    date('onset-date', 'onset[x]'),
    reference('encounter', ['encounter']),
  ],
  AllergyIntolerance: [
    identifier,
    patientOf('patient'),
    token('clinical-status', 'clinicalStatus'),
    token('code', 'code'),
    token('criticality', 'criticality'),
    date('date', 'recordedDate'),
  ],
  MedicationStatement: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    token('status', 'status'),
    date('effective', 'effective[x]'),
    token('code', 'medicationCodeableConcept'),
  ],
  MedicationRequest: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    date('authoredon', 'authoredOn'),
    token('status', 'status'),
    token('intent', 'intent'),
    token('code', 'medicationCodeableConcept'),
    reference('requester', ['requester']),
  ],
  Observation: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    token('code', 'code'),
    token('category', 'category'),
    date('date', 'effective[x]'),
    token('status', 'status'),
    reference('encounter', ['encounter']),
    reference('performer', ['performer']),
  ],
  Procedure: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    token('code', 'code'),
    date('date', 'performed[x]'),
    token('status', 'status'),
  ],
  Immunization: [
    identifier,
    patientOf('patient'),
    date('date', 'occurrence[x]'),
    token('status', 'status'),
    token('vaccine-code', 'vaccineCode'),
  ],
  DocumentReference: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    token('type', 'type'),
    token('category', 'category'),
    date('date', 'date'),
    token('status', 'status'),
    reference('custodian', ['custodian']),
  ],
  Consent: [
    identifier,
    patientOf('patient'),
    token('status', 'status'),
    token('category', 'category'),
    token('scope', 'scope'),
    date('date', 'dateTime'),
  ],
  Flag: [
    identifier,
    patientOf('subject'),
    reference('subject', ['subject']),
    token('status', 'status'),
    token('code', 'code'),
    date('date', 'period'),
  ],
  AuditEvent: [
    reference('patient', ['entity.what', 'agent.who'], ['Patient']),
    date('date', 'recorded'),
    reference('agent', ['agent.who']),
    reference('entity', ['entity.what']),
    token('type', 'type'),
    token('subtype', 'subtype'),
    token('action', 'action'),
    token('outcome', 'outcome'),
    token('purpose', 'purposeOfEvent'),
  ],
  Group: [
    identifier,
    token('type', 'type'),
    reference('member', ['member.entity']),
    token('actual', 'actual'),
  ],
};

/** Resource types with a definition table here. */
export function searchParamsOf(type: string): readonly SearchParamDef[] {
  return SEARCH_PARAMS[type] ?? [];
}

/** The named parameter of `type`, if indexed. */
export function searchParam(type: string, name: string): SearchParamDef | undefined {
  return searchParamsOf(type).find((param) => param.name === name);
}
