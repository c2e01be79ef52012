import type { ConformanceTest, TestContext, TestGroup } from '../../engine/conformance-test';
import { declaredResources, declaresInteraction } from './capability';
import { ACCESS, CAPABILITY, PATIENTS } from './facts';
import {
  isObject,
  isOutcomeWithIssue,
  listed,
  outcomeCodes,
  stringsIn,
} from './internal/fhir-values';
import { scan } from './internal/scan';
import {
  NHS_SYSTEM,
  patientFixtures,
  purposeFor,
  serverPatient,
  unknownId,
} from './internal/suite-helpers';
import { isLhcrClientError } from '@lhcr/client';
import { PROBE_FAMILY, invalidProbePatient, probeNhsNumber } from './record-content';

function treatClient(context: TestContext): ReturnType<TestContext['fhir']> {
  return context.fhir({ purpose: purposeFor(context.blueprint, 'direct-care', 'TREAT') });
}

const outcomes = scan({
  id: 'error-handling.operation-outcome',
  title: 'Every 4xx and 5xx response of the FHIR API is an OperationOutcome in FHIR JSON',
  requirements: ['LHCR-ERR-01'],
  inputs:
    'Every error response any test received from the FHIR API (token endpoint replies excluded)',
  run: (context) => {
    const errors = context
      .seenExchanges()
      .filter(
        ({ exchange }) =>
          (exchange.kind === 'fhir' || exchange.kind === 'bulk-status') &&
          (exchange.status ?? 0) >= 400,
      );
    if (errors.length === 0) context.skip('no error response was received during the run');
    const bad = errors.filter(({ exchange }) => {
      const type = exchange.responseHeaders?.['content-type'] ?? '';
      return (
        !type.startsWith('application/fhir+json') || !isOutcomeWithIssue(exchange.responseBody)
      );
    });
    context.check(
      bad.length === 0,
      bad.length === 0
        ? `${String(errors.length)} error response(s), each an OperationOutcome in application/fhir+json`
        : `${String(bad.length)} of ${String(errors.length)} error response(s) are not an OperationOutcome in application/fhir+json (first: ${bad[0]?.exchange.method ?? ''} ${bad[0]?.exchange.url ?? ''} → ${String(bad[0]?.exchange.status)} ${bad[0]?.exchange.responseHeaders?.['content-type'] ?? '(no content type)'}, in ${bad[0]?.testId ?? ''})`,
    );
    return Promise.resolve();
  },
});

const unknownIdTest: ConformanceTest = {
  id: 'error-handling.unknown-id',
  title: 'Reading an id that does not exist answers 404 not-found',
  requirements: ['LHCR-ERR-02'],
  inputs: 'GET Patient/<an id no server holds> for direct care',
  needs: [ACCESS],
  run: async (context) => {
    const reply = await treatClient(context).raw({ method: 'GET', path: `Patient/${unknownId()}` });
    context.check(
      reply.status === 404,
      `reading an unknown id answered ${String(reply.status)}; expected 404`,
    );
    const { codes, details } = outcomeCodes(reply.body);
    context.check(
      codes.includes('not-found'),
      `issue codes [${listed(codes)}]; expected not-found`,
    );
    context.check(
      details.includes('RESOURCE_NOT_FOUND'),
      `details codes [${listed(details)}]; expected RESOURCE_NOT_FOUND`,
    );
  },
};

const badSearchValue: ConformanceTest = {
  id: 'error-handling.bad-search-value',
  title: 'A search value that cannot be parsed answers 400 invalid, not an empty result',
  requirements: ['LHCR-ERR-03'],
  inputs: 'GET Observation?patient=Patient/<baseline id>&date=yesterday',
  needs: [PATIENTS],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const reply = await treatClient(context).raw({
      method: 'GET',
      path: `Observation?patient=Patient/${patient.id}&date=yesterday`,
    });
    context.check(
      reply.status === 400,
      `date=yesterday answered ${String(reply.status)}; expected 400`,
    );
    const { codes, details } = outcomeCodes(reply.body);
    context.check(codes.includes('invalid'), `issue codes [${listed(codes)}]; expected invalid`);
    context.check(
      details.includes('INVALID_SEARCH_DATA'),
      `details codes [${listed(details)}]; expected INVALID_SEARCH_DATA`,
    );
  },
};

const noPatientData = scan({
  id: 'error-handling.no-patient-data',
  title: 'Error responses never contain NHS numbers, names or resource content',
  requirements: ['LHCR-ERR-04'],
  inputs:
    "A Patient search with an NHS number as a bad birth date, and every error response of the run, against the fixtures' NHS numbers and names and the invalid-resource probe's",
  run: async (context) => {
    const fixtureNumber =
      patientFixtures(context.blueprint)[0]?.patient.nhsNumber ?? probeNhsNumber();
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    await treatClient(context).raw({ method: 'GET', path: `Patient?birthdate=${fixtureNumber}` });
    // An invalid resource carrying a synthetic name and NHS number: the refusal must not echo them.
    const writer = context.fhir({
      purpose: treat,
      scopes: [...context.scopes(treat), 'system/Patient.write'],
    });
    try {
      const reply = await writer.raw({
        method: 'POST',
        path: 'Patient',
        body: JSON.stringify(invalidProbePatient()),
      });
      const location = reply.headers['location'];
      if (reply.status >= 200 && reply.status < 300 && location !== undefined) {
        await writer
          .raw({ method: 'DELETE', path: location.replace(/\/_history\/[^/]+$/, '') })
          .catch(() => undefined);
      }
    } catch (thrown) {
      if (!(isLhcrClientError(thrown) && thrown.code === 'auth')) throw thrown;
      context.note('no write scope was granted, so no invalid resource was sent');
    }
    const numbers = [
      ...patientFixtures(context.blueprint).map((fixture) => fixture.patient.nhsNumber),
      probeNhsNumber(),
    ];
    const names = [
      PROBE_FAMILY,
      ...context.blueprint.fixtures
        .flatMap((fixture) => fixture.resources)
        .filter((resource) => resource.resourceType === 'Patient')
        .flatMap((resource) => stringsIn((resource as unknown as Record<string, unknown>)['name']))
        .filter((name) => name.length >= 4 && !['official', 'usual'].includes(name)),
    ];
    const errors = context
      .seenExchanges()
      .filter(
        ({ exchange }) =>
          (exchange.kind === 'fhir' || exchange.kind === 'bulk-status') &&
          (exchange.status ?? 0) >= 400,
      );
    const problems: string[] = [];
    for (const { testId, exchange } of errors) {
      const texts = stringsIn(exchange.responseBody);
      const where = `${exchange.method} ${exchange.url} → ${String(exchange.status)} (${testId})`;
      if (texts.some((text) => numbers.some((number) => text.includes(number))))
        problems.push(`${where} holds an NHS number`);
      if (texts.some((text) => names.some((name) => text.includes(name))))
        problems.push(`${where} holds a patient's name`);
      const body: unknown = exchange.responseBody;
      if (
        isObject(body) &&
        body['resourceType'] !== 'OperationOutcome' &&
        typeof body['resourceType'] === 'string'
      ) {
        problems.push(`${where} holds a ${body['resourceType']}`);
      } else if (texts.some((text) => /"resourceType"\s*:\s*"(?!OperationOutcome)/.test(text))) {
        problems.push(`${where} holds resource content`);
      }
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(errors.length)} error response(s) hold no NHS numbers, names or resource content`
        : listed([...new Set(problems)], 3),
    );
  },
});

const formats: ConformanceTest = {
  id: 'error-handling.unsupported-formats',
  title: 'An unacceptable Accept answers 406 and an unsupported request body 415',
  requirements: ['LHCR-ERR-05'],
  inputs: 'A Patient search with Accept: text/csv; POST Patient/_search with a text/plain body',
  needs: [ACCESS],
  run: async (context) => {
    const client = treatClient(context);
    const nhs = patientFixtures(context.blueprint)[0]?.patient.nhsNumber ?? probeNhsNumber();
    const query = `identifier=${encodeURIComponent(`${NHS_SYSTEM}|${nhs}`)}`;
    const accept = await client.raw({
      method: 'GET',
      path: `Patient?${query}`,
      accept: 'text/csv',
    });
    context.check(
      accept.status === 406,
      `Accept: text/csv answered ${String(accept.status)}; expected 406`,
    );
    const body = await client.raw({
      method: 'POST',
      path: 'Patient/_search',
      body: query,
      contentType: 'text/plain',
    });
    context.check(
      body.status === 415,
      `POST _search with Content-Type text/plain answered ${String(body.status)}; expected 415`,
    );
  },
};

const UNSERVED_CANDIDATES = ['Basic', 'Account', 'Substance', 'ResearchStudy', 'Claim', 'Library'];

const unsupported: ConformanceTest = {
  id: 'error-handling.unsupported-type-and-interaction',
  title: 'A type the server does not serve answers 404, and an interaction it does not support 405',
  requirements: ['LHCR-ERR-06'],
  inputs:
    'GET of a resource type the CapabilityStatement does not declare; an interaction it does not declare for a declared type',
  needs: [CAPABILITY, ACCESS],
  run: async (context) => {
    const declared = declaredResources(context.need(CAPABILITY));
    const client = treatClient(context);
    const type = UNSERVED_CANDIDATES.find((candidate) => !declared.has(candidate));
    if (type === undefined) {
      context.note('the server declares every candidate type, so no unserved type was tried');
    } else {
      const reply = await client.raw({ method: 'GET', path: type });
      context.check(
        reply.status === 404,
        `GET ${type} (not declared) answered ${String(reply.status)}; expected 404`,
      );
      context.check(
        isOutcomeWithIssue(reply.body),
        `GET ${type}: the reply is an OperationOutcome`,
      );
    }
    const candidates: [string, 'patch' | 'delete' | 'update'][] = [];
    for (const [declaredType, resource] of [...declared].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (declaredType === 'AuditEvent') continue;
      for (const interaction of ['patch', 'delete', 'update'] as const) {
        if (!declaresInteraction(resource, interaction))
          candidates.push([declaredType, interaction]);
      }
    }
    const chosen = candidates.find(([, interaction]) => interaction === 'patch') ?? candidates[0];
    if (chosen === undefined) {
      context.note(
        'the server declares patch, delete and update for every type, so no unsupported interaction was tried',
      );
      return;
    }
    const [interactionType, interaction] = chosen;
    const id = unknownId();
    const reply =
      interaction === 'patch'
        ? await client.raw({
            method: 'PATCH',
            path: `${interactionType}/${id}`,
            body: JSON.stringify({ resourceType: 'Parameters' }),
          })
        : interaction === 'delete'
          ? await client.raw({ method: 'DELETE', path: `${interactionType}/${id}` })
          : await client.raw({
              method: 'PUT',
              path: `${interactionType}/${id}`,
              body: JSON.stringify({ resourceType: interactionType, id }),
            });
    context.check(
      reply.status === 405,
      `${interaction} of ${interactionType} (not declared) answered ${String(reply.status)}; expected 405`,
    );
    context.check(
      isOutcomeWithIssue(reply.body),
      `${interaction} of ${interactionType}: the reply is an OperationOutcome`,
    );
  },
};

/**
 * The error-handling group: OperationOutcomes, 404 for unknown ids, 400 for bad search values,
 * no patient data in errors, 406 and 415, unsupported types and interactions.
 *
 * @example
 * ```ts
 * errorHandlingGroup().tests.length; // 6
 * ```
 */
export function errorHandlingGroup(): TestGroup {
  return {
    id: 'error-handling',
    title: 'Error handling',
    description: 'How failures are reported.',
    tests: [outcomes, unknownIdTest, badSearchValue, noPatientData, formats, unsupported],
  };
}
