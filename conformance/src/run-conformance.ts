import { createValidatorFhirContext, formatBlueprintIssue, loadBlueprint } from '@lhcr/blueprint';
import type { Blueprint, BlueprintFhirContext, BlueprintIssue } from '@lhcr/blueprint';
import type { Resource } from '@lhcr/models';
import type { ConformanceSuite, ResourceIssue } from './engine/conformance-test';
import { ConformanceError } from './engine/errors';
import type { RunSuiteOptions } from './engine/run-suite';
import { runSuite } from './engine/run-suite';
import { requirementCoverage } from './coverage';
import { buildConformanceReport } from './report/conformance-report';
import type { ConformanceReport, ReportSettings } from './report/conformance-report';
import { coreSuite } from './suites/core';
import { CONFORMANCE_VERSION, installedVersion, packageVersions } from './versions';

/**
 * A blueprint loaded for a conformance run, with the FHIR context that validates against its
 * profiles.
 *
 * @example
 * ```ts
 * const { blueprint, fhirContext } = await loadConformanceBlueprint('@lhcr/blueprint-core');
 * ```
 */
export interface ConformanceBlueprint {
  readonly blueprint: Blueprint;
  readonly fhirContext: BlueprintFhirContext;
}

/**
 * Loads a blueprint (a folder, a manifest file or an npm package name) with its FHIR packages, so
 * that returned resources can be validated against its profiles. FHIR packages such as UK Core
 * are found in `LHCR_FHIR_PACKAGES` folders and the FHIR package cache.
 *
 * @throws {ConformanceError} `config` when the blueprint cannot be found or has errors, or its
 *   FHIR packages are missing; the message says where they were looked for.
 * @example
 * ```ts
 * const loaded = await loadConformanceBlueprint('@lhcr/blueprint-core', { from: process.cwd() });
 * ```
 */
export async function loadConformanceBlueprint(
  ref: string,
  options: { readonly from?: string | readonly string[] } = {},
): Promise<ConformanceBlueprint> {
  const places: readonly (string | undefined)[] =
    options.from === undefined
      ? [undefined]
      : typeof options.from === 'string'
        ? [options.from]
        : options.from;
  let issues: readonly BlueprintIssue[] = [];
  for (const from of places) {
    const fhirContext = createValidatorFhirContext();
    const result = await loadBlueprint(ref, {
      fhirContext,
      ...(from === undefined ? {} : { from }),
    });
    if (result.ok) return { blueprint: result.blueprint, fhirContext };
    issues = result.issues;
    const notFound = result.issues.every(
      (issue) =>
        issue.code === 'not-found' && issue.file === undefined && !/FHIR/.test(issue.diagnostics),
    );
    if (!notFound) break;
  }
  const errors = issues.filter((issue) => issue.severity === 'error');
  const packagesMissing = errors.some((issue) =>
    /FHIR packages could not be loaded|no package matches/.test(issue.diagnostics),
  );
  throw new ConformanceError(
    'config',
    `the blueprint ${ref} could not be loaded:\n${errors.slice(0, 10).map(formatBlueprintIssue).join('\n')}${
      packagesMissing
        ? '\nSet LHCR_FHIR_PACKAGES to a folder holding the FHIR packages the blueprint depends on (for UK Core, fhir.r4.ukcore.stu2#2.0.0/package), or install them in ~/.fhir/packages.'
        : ''
    }`,
  );
}

/**
 * Options of {@link runConformance}: the run's options, plus the suite (default: the core suite
 * for the blueprint), the FHIR context for validation and whether reports keep bodies.
 *
 * @example
 * ```ts
 * const options: RunConformanceOptions = { blueprint, fhirContext, target: { baseUrl, credentials }, fixtures: 'preloaded' };
 * ```
 */
export interface RunConformanceOptions extends Omit<RunSuiteOptions, 'validator'> {
  readonly suite?: ConformanceSuite;
  /** The context the blueprint was loaded with; without it, validation tests are not demonstrated. */
  readonly fhirContext?: BlueprintFhirContext;
  /** Keep request and response bodies (and search values) unredacted in the report. Default false. */
  readonly includeBodies?: boolean;
  /** Recorded in the report when the target is the bundled reference region. */
  readonly referenceRegion?: { readonly defects: readonly string[] };
}

/**
 * Runs the conformance suite against a target and returns the evidence pack: every test with
 * its outcome, checks and redacted exchanges, a result per requirement, the coverage, and what
 * was run with what settings. Write it with `writeConformanceReports`; turn it into an exit code
 * with `conformanceExitCode`.
 *
 * @throws {ConformanceError} for unusable options or an inconsistent suite; never for anything
 *   the server does.
 * @example
 * ```ts
 * const { blueprint, fhirContext } = await loadConformanceBlueprint('@lhcr/blueprint-core');
 * const report = await runConformance({
 *   blueprint,
 *   fhirContext,
 *   target: { baseUrl: 'https://region.example.org/fhir', credentials },
 *   fixtures: 'preloaded',
 * });
 * console.log(report.verdict); // 'pass'
 * ```
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceReport> {
  const { blueprint, fhirContext } = options;
  const suite = options.suite ?? coreSuite(blueprint);
  const run = await runSuite(suite, {
    ...options,
    ...(fhirContext === undefined
      ? {}
      : {
          validator: async (resource: Resource, profiles: readonly string[]) =>
            (await fhirContext.validate(resource, profiles)).issues.map(
              (issue): Omit<ResourceIssue, 'resource' | 'profile'> => ({
                severity: issue.severity,
                code: issue.code,
                ...(issue.expression === undefined ? {} : { expression: issue.expression }),
                diagnostics: issue.diagnostics,
              }),
            ),
        }),
  });
  const settings: ReportSettings = {
    fixtures: options.fixtures ?? 'load',
    concurrency: options.concurrency ?? 4,
    timeoutMs: options.timeoutMs ?? 10_000,
    only: [...(options.only ?? [])],
    skip: [...(options.skip ?? [])],
    includeBodies: options.includeBodies === true,
    ...(options.referenceRegion === undefined ? {} : { referenceRegion: options.referenceRegion }),
  };
  const metadata = describedServer(
    run.results.find((result) => result.id === 'capability.metadata')?.exchanges[0]?.responseBody,
  );
  const tokenExchange = run.results
    .flatMap((result) => result.exchanges)
    .find((exchange) => exchange.kind === 'token');
  return buildConformanceReport(run, {
    blueprint,
    coverage: requirementCoverage(blueprint, suite),
    settings,
    tool: {
      name: '@lhcr/conformance',
      version: CONFORMANCE_VERSION,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    packages: packageVersions(),
    validator: {
      name: '@lhcr/validator',
      version: installedVersion('@lhcr/validator'),
      profiles: blueprint.profiles.map((profile) => profile.url),
      validated: fhirContext !== undefined,
    },
    target: {
      baseUrl: options.target.baseUrl,
      ...(options.target.credentials?.tokenUrl !== undefined
        ? { tokenUrl: options.target.credentials.tokenUrl }
        : tokenExchange === undefined
          ? {}
          : { tokenUrl: tokenExchange.url }),
      ...(options.target.credentials === undefined
        ? {}
        : { clientId: options.target.credentials.clientId }),
      ...metadata,
    },
  });
}

/** What a CapabilityStatement says of the server, keeping only values of the right kind. */
function describedServer(body: unknown): {
  software?: { name?: string; version?: string };
  fhirVersion?: string;
} {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const object = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const statement = object(body);
  const software = object(statement['software']);
  const name = text(software['name']);
  const version = text(software['version']);
  const fhirVersion = text(statement['fhirVersion']);
  return {
    ...(name === undefined && version === undefined
      ? {}
      : {
          software: {
            ...(name === undefined ? {} : { name }),
            ...(version === undefined ? {} : { version }),
          },
        }),
    ...(fhirVersion === undefined ? {} : { fhirVersion }),
  };
}
