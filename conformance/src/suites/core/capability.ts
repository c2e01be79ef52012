import type { CapabilityStatement } from '@lhcr/models';
import type { ConformanceTest, TestGroup } from '../../engine/conformance-test';
import { ACCESS, CAPABILITY, PATIENTS } from './facts';
import {
  asArray,
  field,
  isObject,
  listed,
  objects,
  stringField,
  strings,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import { NHS_SYSTEM } from './internal/suite-helpers';

/** A resource entry of a CapabilityStatement, as the server sent it (nothing about it is trusted). */
type RestResource = Json;

/** The server-mode rest entry of a CapabilityStatement. */
export function serverRest(capability: CapabilityStatement): Json | undefined {
  return objects((capability as unknown as Json)['rest']).find((rest) => rest['mode'] === 'server');
}

/** The server-mode rest entry's resources, by type. */
export function declaredResources(
  capability: CapabilityStatement,
): ReadonlyMap<string, RestResource> {
  return new Map(
    objects(serverRest(capability)?.['resource'])
      .filter((resource) => typeof resource['type'] === 'string')
      .map((resource) => [resource['type'] as string, resource]),
  );
}

/** Whether a resource type declares an interaction. */
export function declaresInteraction(resource: RestResource | undefined, code: string): boolean {
  return objects(resource?.['interaction']).some((interaction) => interaction['code'] === code);
}

/** The search parameter names a resource type declares. */
export function declaredSearchParams(resource: RestResource | undefined): ReadonlySet<string> {
  return new Set(objects(resource?.['searchParam']).map((param) => String(param['name'])));
}

/** Whether the capability statement declares an operation by name, on a type or at system level. */
export function declaresOperation(
  capability: CapabilityStatement,
  name: string,
  type?: string,
): boolean {
  const clean = (value: unknown): string => String(value).replace(/^\$/, '');
  const operations =
    type === undefined
      ? objects(serverRest(capability)?.['operation'])
      : objects(declaredResources(capability).get(type)?.['operation']);
  return operations.some((operation) => clean(operation['name']) === clean(name));
}

const metadata: ConformanceTest = {
  id: 'capability.metadata',
  title: 'The CapabilityStatement is served without a token and names the blueprint',
  requirements: ['LHCR-SRCH-11'],
  inputs: 'GET [base]/metadata without a token',
  provides: [CAPABILITY],
  run: async (context) => {
    const reply = await context.fhir({ anonymous: true, purpose: null }).raw({
      method: 'GET',
      path: 'metadata',
      authenticate: false,
    });
    const body: unknown = reply.body;
    if (
      !context.check(
        reply.status === 200,
        `GET metadata answered ${String(reply.status)}; expected 200`,
      )
    )
      return;
    if (
      !context.check(
        isObject(body) && body['resourceType'] === 'CapabilityStatement',
        'GET metadata returned a CapabilityStatement',
      )
    ) {
      return;
    }
    const capability = body as CapabilityStatement;
    context.provide(CAPABILITY, capability);
    const blueprint = context.blueprint;
    const expected = `${blueprint.canonical}/CapabilityStatement/${blueprint.id}`;
    const instantiates = strings((capability as unknown as Json)['instantiates']).map(
      (url) => url.split('|')[0] ?? url,
    );
    context.check(
      instantiates.includes(expected),
      instantiates.includes(expected)
        ? `instantiates names the blueprint (${expected})`
        : `instantiates is [${listed(instantiates)}]; expected it to include ${expected}`,
    );
    context.check(
      capability.fhirVersion === blueprint.fhirVersion,
      `fhirVersion is ${JSON.stringify(capability.fhirVersion)}; expected ${blueprint.fhirVersion}`,
    );
    context.check(serverRest(capability) !== undefined, 'rest has an entry with mode server');
  },
};

const declares: ConformanceTest = {
  id: 'capability.declares-blueprint',
  title:
    "The CapabilityStatement lists the blueprint's resources, interactions, search parameters and operations",
  requirements: ['LHCR-SRCH-11'],
  inputs: "The CapabilityStatement, against the blueprint's capability requirements",
  needs: [CAPABILITY],
  run: (context) => {
    const capability = context.need(CAPABILITY);
    const required = context.blueprint.capability;
    if (required === undefined)
      return Promise.resolve(context.omit('the blueprint states no capability requirements'));
    const declared = declaredResources(capability);
    const missing: string[] = [];
    const optionalMissing: string[] = [];
    const note = (level: string, what: string): void => {
      if (level === 'MUST') missing.push(what);
      else optionalMissing.push(`${what} (${level})`);
    };
    for (const resource of required.resources) {
      const found = declared.get(resource.type);
      if (found === undefined) {
        note(resource.level, `resource ${resource.type}`);
        continue;
      }
      for (const interaction of resource.interactions) {
        if (!declaresInteraction(found, interaction.code))
          note(interaction.level, `${resource.type} ${interaction.code}`);
      }
      const params = declaredSearchParams(found);
      for (const param of resource.searchParams ?? []) {
        if (!params.has(param.name))
          note(param.level, `${resource.type} search parameter ${param.name}`);
      }
      for (const operation of resource.operations ?? []) {
        if (!declaresOperation(capability, operation.name, resource.type)) {
          note(operation.level, `${resource.type} operation $${operation.name}`);
        }
      }
    }
    for (const operation of required.systemOperations ?? []) {
      const type =
        operation.scope === 'type' && operation.notes?.includes('Group') === true
          ? 'Group'
          : undefined;
      const found =
        declaresOperation(capability, operation.name) ||
        (type !== undefined && declaresOperation(capability, operation.name, type));
      if (!found)
        note(
          operation.level,
          `operation $${operation.name}${type === undefined ? '' : ` on ${type}`}`,
        );
    }
    context.check(
      missing.length === 0,
      missing.length === 0
        ? `every MUST resource, interaction, search parameter and operation is declared (${String(required.resources.length)} resource types)`
        : `the CapabilityStatement does not declare ${listed(missing, 8)}`,
    );
    if (optionalMissing.length > 0) context.warn(`not declared: ${listed(optionalMissing, 8)}`);
    return Promise.resolve();
  },
};

const jsonFormat: ConformanceTest = {
  id: 'capability.json-format',
  title: 'FHIR JSON is returned for Accept: application/fhir+json and for _format=json',
  requirements: ['LHCR-SRCH-13'],
  inputs: 'GET metadata and a Patient search, with the Accept header and with _format=json',
  needs: [CAPABILITY, ACCESS, PATIENTS],
  run: async (context) => {
    const capability = context.need(CAPABILITY);
    const formats = strings((capability as unknown as Json)['format']);
    context.check(
      formats.some((format) => format === 'json' || format.startsWith('application/fhir+json')),
      `format lists ${listed(formats)}; expected json or application/fhir+json`,
    );
    const patients = context.need(PATIENTS);
    const first = [...patients.values()][0];
    const identifier =
      first === undefined ? `${NHS_SYSTEM}|9990000018` : `${NHS_SYSTEM}|${first.nhsNumber}`;
    const client = context.fhir();
    const query = `identifier=${encodeURIComponent(identifier)}`;
    for (const [what, path, accept] of [
      ['GET metadata with Accept: application/fhir+json', 'metadata', 'application/fhir+json'],
      ['GET metadata?_format=json', 'metadata?_format=json', '*/*'],
      [
        'a Patient search with Accept: application/fhir+json',
        `Patient?${query}`,
        'application/fhir+json',
      ],
      ['a Patient search with _format=json', `Patient?${query}&_format=json`, '*/*'],
    ] as const) {
      const reply = await client.raw({ method: 'GET', path, accept });
      const type = reply.headers['content-type'] ?? '';
      context.check(
        reply.status === 200 && type.startsWith('application/fhir+json') && !reply.notJson,
        `${what} answered ${String(reply.status)} with Content-Type "${type}"; expected 200 and application/fhir+json`,
      );
    }
  },
};

/** Reads the smart-configuration or oauth-uris token URL the server declares (for the report). */
export function declaredTokenUrl(capability: CapabilityStatement): string | undefined {
  for (const rest of objects((capability as unknown as Json)['rest'])) {
    for (const extension of asArray(field(rest['security'], 'extension'))) {
      for (const inner of asArray(field(extension, 'extension'))) {
        if (stringField(inner, 'url') === 'token') return stringField(inner, 'valueUri');
      }
    }
  }
  return undefined;
}

/**
 * The capability group: the CapabilityStatement against the blueprint (FHIR version, formats,
 * resources, interactions, search parameters, operations).
 *
 * @example
 * ```ts
 * const group = capabilityGroup();
 * group.tests.map((test) => test.id); // ['capability.metadata', …]
 * ```
 */
export function capabilityGroup(): TestGroup {
  return {
    id: 'capability',
    title: 'Capability statement',
    description: 'What the server says it offers, against the blueprint.',
    tests: [metadata, declares, jsonFormat],
  };
}
