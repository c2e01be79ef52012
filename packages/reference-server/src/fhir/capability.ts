import type { ServerRules } from '../blueprint-rules';
import type { DefectSet } from '../defects';
import type { JsonObject } from '../internal/json';
import { searchParamsOf } from './search-params';

/** Where the server is and what it is, for its CapabilityStatement. */
export interface CapabilityInput {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly softwareVersion: string;
  /** Whether `$export` can run (it pseudonymises with `@lhcr/deid`). */
  readonly exportsAvailable: boolean;
  readonly defects: DefectSet;
  readonly startedAt: string;
}

const WRITE_INTERACTIONS = ['create', 'update', 'delete'] as const;
const READ_INTERACTIONS = [
  'read',
  'vread',
  'search-type',
  'history-instance',
  'history-type',
] as const;

/**
 * The server's CapabilityStatement, generated from what it implements for the blueprint: every
 * resource type with its profile, interactions, search parameters, includes and operations,
 * the SMART backend services token endpoint, and `instantiates` naming the blueprint's
 * CapabilityStatement (LHCR-SRCH-11).
 */
export function capabilityStatement(rules: ServerRules, input: CapabilityInput): JsonObject {
  const capability = rules.blueprint.capability;
  const resources = [...rules.types].sort().map((type) => {
    const declared = capability?.resources.find((resource) => resource.type === type);
    const audit = type === 'AuditEvent';
    const interactions =
      audit && !input.defects.has('audit-editable')
        ? ['read', 'vread', 'search-type']
        : [...READ_INTERACTIONS, ...WRITE_INTERACTIONS];
    const params = searchParamsOf(type);
    const entry: JsonObject = {
      type,
      ...(rules.profileOf.has(type) ? { profile: rules.profileOf.get(type) } : {}),
      interaction: interactions.map((code) => ({ code })),
      versioning: 'versioned',
      readHistory: true,
      updateCreate: !audit,
      conditionalCreate: !audit,
      conditionalRead: 'not-supported',
      conditionalUpdate: false,
      conditionalDelete: 'not-supported',
      searchInclude: params
        .filter((param) => param.type === 'reference')
        .map((param) => `${type}:${param.name}`),
      searchParam: [
        {
          name: '_id',
          type: 'token',
          definition: 'http://hl7.org/fhir/SearchParameter/Resource-id',
        },
        {
          name: '_lastUpdated',
          type: 'date',
          definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated',
        },
        ...params.map((param) => ({ name: param.name, type: param.type })),
      ],
    };
    const operations: JsonObject[] = [];
    if (type === 'Patient') {
      operations.push({
        name: 'everything',
        definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
      });
      if (input.exportsAvailable) {
        operations.push({
          name: 'export',
          definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
        });
      }
    }
    if (type === 'Group' && input.exportsAvailable) {
      operations.push({
        name: 'export',
        definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export',
      });
    }
    if (operations.length > 0) entry['operation'] = operations;
    if (declared === undefined && type !== 'Group')
      entry['documentation'] = 'Served beyond the blueprint.';
    return entry;
  });
  const systemOperations: JsonObject[] = input.exportsAvailable
    ? [
        {
          name: 'export',
          definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
          documentation:
            'Secondary purposes only; opted-out patients, Type 1 GP records and restricted records are left out, and the output is pseudonymised and generalised by the blueprint anonymisation policy.',
        },
      ]
    : [];
  return {
    resourceType: 'CapabilityStatement',
    id: 'lhcr-reference-server',
    status: 'active',
    date: input.startedAt,
    publisher: 'lhcr project',
    kind: 'instance',
    ...(input.defects.has('no-blueprint-in-capability')
      ? {}
      : { instantiates: [rules.capabilityCanonical] }),
    software: { name: '@lhcr/reference-server', version: input.softwareVersion },
    implementation: {
      description: `LHCR reference region for ${rules.blueprint.title} ${rules.blueprint.version}`,
      url: input.baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: input.tokenUrl }],
            },
          ],
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description:
            'SMART backend services: client credentials with a signed JWT client assertion (private_key_jwt), system scopes, and the purpose of use in the purpose_of_use claim and the X-Purpose-Of-Use header.',
        },
        resource: resources,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        operation: systemOperations,
      },
    ],
  };
}
