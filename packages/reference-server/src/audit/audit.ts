import { randomUUID } from 'node:crypto';
import { ODS_ORGANIZATION_SYSTEM } from '@lhcr/models';
import type { ServerRules } from '../blueprint-rules';
import { nowInstant } from '../fhir/dates';
import type { JsonObject } from '../internal/json';

/** The identifier system of a client id in AuditEvent agents. */
export const CLIENT_ID_SYSTEM = 'https://lhcr.github.io/fhir/core/Id/client-id';
/** The identifier system of an `X-Request-ID` in AuditEvent entities. */
export const REQUEST_ID_SYSTEM = 'https://lhcr.github.io/fhir/core/Id/request-id';

/** RESTful interactions as the AuditEvent subtype names them. */
export type AuditInteraction =
  | 'read'
  | 'vread'
  | 'update'
  | 'delete'
  | 'history-instance'
  | 'history-type'
  | 'history-system'
  | 'create'
  | 'search-type'
  | 'search-system'
  | 'transaction'
  | 'batch'
  | 'operation';

/** One access to audit. Holds references only: never resource bodies or query strings. */
export interface AuditInput {
  readonly interaction: AuditInteraction;
  readonly operation?: string;
  readonly resourceType?: string;
  /** `Type/id` of the resources read or written (the first 100 are kept). */
  readonly what: readonly string[];
  /** Patient ids whose records were touched (the first 100 are kept). */
  readonly patients: readonly string[];
  readonly clientId: string | undefined;
  /** The purpose stated in the request, if it is a code of the blueprint. */
  readonly purpose: string | undefined;
  /** The purposes the token granted, to fall back on when none was stated. */
  readonly grantedPurposes: readonly string[];
  readonly status: number;
  /** A short reason for a refusal (`NO_PATIENT_CONSENT`, `insufficient scope`), never patient data. */
  readonly reason: string | undefined;
  readonly remoteAddress: string | undefined;
  readonly requestId: string;
  readonly endUserOrganisation: string | undefined;
  /** Only for the `audit-records-query` defect: the raw query string. */
  readonly query?: string;
}

const ACTION: Readonly<Record<AuditInteraction, 'C' | 'R' | 'U' | 'D' | 'E'>> = {
  read: 'R',
  vread: 'R',
  'history-instance': 'R',
  'history-type': 'R',
  'history-system': 'R',
  'search-type': 'E',
  'search-system': 'E',
  create: 'C',
  update: 'U',
  delete: 'D',
  transaction: 'E',
  batch: 'E',
  operation: 'E',
};

function outcomeCode(status: number): '0' | '4' | '8' | '12' {
  if (status < 400) return '0';
  if (status === 401) return '8';
  if (status >= 500) return '12';
  return '4';
}

/**
 * Builds the AuditEvent of one access, conforming to the blueprint's AuditEvent profile: type
 * `rest`, the interaction as subtype, the client as agent, the stated purpose, the patients and
 * records as entities, and the outcome (LHCR-AUD-01, -02, -05; LHCR-SEC-09, -10).
 */
export function buildAuditEvent(
  input: AuditInput,
  rules: ServerRules,
  now: number = Date.now(),
): JsonObject {
  const purposeCode =
    input.purpose !== undefined && rules.purposes.has(input.purpose)
      ? input.purpose
      : input.grantedPurposes.length === 1 && rules.purposes.has(input.grantedPurposes[0] as string)
        ? (input.grantedPurposes[0] as string)
        : undefined;
  const recordedPurpose = purposeCode ?? 'HSYSADMIN';
  const purpose: JsonObject = {
    coding: [
      {
        system: rules.purposeSystem,
        code: recordedPurpose,
        display: rules.purposes.get(recordedPurpose)?.display ?? recordedPurpose,
      },
    ],
  };
  if (purposeCode === undefined) {
    purpose['text'] =
      'No valid purpose of use was stated; recorded as health system administration';
  }
  const agents: JsonObject[] = [
    {
      type: {
        coding: [
          {
            system: 'http://dicom.nema.org/resources/ontology/DCM',
            code: '110153',
            display: 'Source Role ID',
          },
        ],
      },
      who:
        input.clientId === undefined
          ? { display: 'unauthenticated client' }
          : { identifier: { system: CLIENT_ID_SYSTEM, value: input.clientId } },
      requestor: true,
      ...(input.remoteAddress === undefined
        ? {}
        : { network: { address: input.remoteAddress, type: '2' } }),
    },
  ];
  if (input.endUserOrganisation !== undefined) {
    agents.push({
      who: { identifier: { system: ODS_ORGANIZATION_SYSTEM, value: input.endUserOrganisation } },
      requestor: false,
    });
  }
  const entities: JsonObject[] = [];
  for (const patient of input.patients.slice(0, 100)) {
    entities.push({
      what: { reference: `Patient/${patient}` },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '1',
        display: 'Person',
      },
      role: {
        system: 'http://terminology.hl7.org/CodeSystem/object-role',
        code: '1',
        display: 'Patient',
      },
    });
  }
  for (const what of input.what.slice(0, 100)) {
    if (what.startsWith('Patient/') && input.patients.includes(what.slice(8))) continue;
    entities.push({
      what: { reference: what },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '2',
        display: 'System Object',
      },
      role: {
        system: 'http://terminology.hl7.org/CodeSystem/object-role',
        code: '4',
        display: 'Domain Resource',
      },
    });
  }
  const requestEntity: JsonObject = {
    what: { identifier: { system: REQUEST_ID_SYSTEM, value: input.requestId } },
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
      code: '2',
      display: 'System Object',
    },
    description: [
      input.operation ?? input.interaction,
      input.resourceType === undefined ? '' : ` on ${input.resourceType}`,
    ].join(''),
  };
  if (input.query !== undefined) {
    requestEntity['query'] = Buffer.from(input.query).toString('base64');
  }
  entities.push(requestEntity);
  const event: JsonObject = {
    resourceType: 'AuditEvent',
    id: randomUUID(),
    meta: { profile: [`${rules.canonical}/StructureDefinition/LHCR-AuditEvent`] },
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: input.interaction }],
    action: ACTION[input.interaction],
    recorded: nowInstant(now),
    outcome: outcomeCode(input.status),
    purposeOfEvent: [purpose],
    agent: agents,
    source: {
      observer: { display: 'LHCR reference region' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: entities,
  };
  if (input.reason !== undefined) event['outcomeDesc'] = input.reason;
  return event;
}
