import type { Consent, Reference } from '../generated/fhir-r4';
import { SNOMED_CT_SYSTEM } from '../identifiers/snomed-ct-id';
import { UK_CORE_CODE_SYSTEMS, UK_CORE_PROFILES } from '../uk-core';
import { checkDateTime, concept, profileMeta, put } from './internal';

/**
 * SNOMED CT codes for consent to share through the local shared care record.
 *
 * @example
 * SHARING_CONSENT_CODES.refused.code; // '416409005'
 */
export const SHARING_CONSENT_CODES = {
  refused: {
    code: '416409005',
    display: 'Refused consent for upload to local shared electronic record',
  },
  given: {
    code: '417528008',
    display: 'Consent given for upload to local shared electronic record',
  },
} as const;

/**
 * What {@link buildSharingObjection} takes.
 *
 * @example
 * const input: SharingObjectionInput = { patient: referenceTo(patient), decision: 'deny', dateTime: '2025-02-01T10:00:00Z', organization: referenceTo(org), policyUri: 'https://region.example.nhs.uk/sharing-policy' };
 */
export interface SharingObjectionInput {
  id?: string;
  patient: Reference;
  /** `deny` records an objection; `permit` records its withdrawal. */
  decision: 'deny' | 'permit';
  /** FHIR dateTime the decision was recorded: the latest active decision wins. */
  dateTime: string;
  /** The organisation that recorded the decision. */
  organization: Reference;
  /** The regional sharing policy the decision is about. */
  policyUri: string;
  status?: 'active' | 'inactive' | 'entered-in-error';
  performer?: Reference;
  /** FHIR dateTimes bounding when the decision applies. */
  periodStart?: string;
  periodEnd?: string;
}

/**
 * Builds a Consent recording a patient's local objection to sharing through the shared care
 * record (or its withdrawal): scope `patient-privacy`, category `INFA`, provision `deny`/`permit`
 * with the SNOMED CT consent code.
 *
 * @example
 * buildSharingObjection({ patient: { reference: 'Patient/p1' }, decision: 'deny', dateTime: '2025-02-01T10:00:00Z', organization: { reference: 'Organization/rr8' }, policyUri: 'https://region.example.nhs.uk/sharing-policy' });
 * @see https://simplifier.net/hl7fhirukcorer4/ukcoreconsent
 */
export function buildSharingObjection(input: SharingObjectionInput): Consent {
  checkDateTime('dateTime', input.dateTime);
  checkDateTime('periodStart', input.periodStart);
  checkDateTime('periodEnd', input.periodEnd);
  const code =
    input.decision === 'deny' ? SHARING_CONSENT_CODES.refused : SHARING_CONSENT_CODES.given;
  const consent: Consent = {
    resourceType: 'Consent',
    meta: profileMeta(UK_CORE_PROFILES.Consent),
    status: input.status ?? 'active',
    scope: concept(UK_CORE_CODE_SYSTEMS.consentScope, 'patient-privacy', 'Privacy Consent'),
    category: [concept(UK_CORE_CODE_SYSTEMS.v3ActCode, 'INFA', 'information access')],
    patient: input.patient,
    dateTime: input.dateTime,
    organization: [input.organization],
    policy: [{ uri: input.policyUri }],
    provision: { type: input.decision, code: [concept(SNOMED_CT_SYSTEM, code.code, code.display)] },
  };
  put(consent, 'id', input.id);
  if (input.performer) consent.performer = [input.performer];
  if (input.periodStart !== undefined || input.periodEnd !== undefined) {
    consent.provision ??= {};
    consent.provision.period = {};
    put(consent.provision.period, 'start', input.periodStart);
    put(consent.provision.period, 'end', input.periodEnd);
  }
  return consent;
}
