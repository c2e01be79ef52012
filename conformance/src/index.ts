export type { Outcome, OutcomeCounts } from './engine/outcome';
export {
  OUTCOMES,
  OUTCOME_MEANINGS,
  countOutcomes,
  isOutcome,
  rollUpOutcomes,
} from './engine/outcome';
export type { Fact } from './engine/fact';
export { defineFact } from './engine/fact';
export type {
  AssertionRequest,
  CheckResult,
  ConformanceSuite,
  ConformanceTest,
  FhirClientRequest,
  FixtureMode,
  HttpReply,
  HttpRequest,
  IssuedToken,
  ResourceIssue,
  SeenResource,
  TestContext,
  TestGroup,
} from './engine/conformance-test';
export type { ConformanceErrorCode } from './engine/errors';
export { CONFORMANCE_ERROR_CODES, ConformanceError, isConformanceError } from './engine/errors';
export type { RecordedExchange } from './engine/recorded-exchange';
export type {
  GroupResult,
  ProgressEvent,
  RunSuiteOptions,
  SuiteRun,
  TestResult,
} from './engine/run-suite';
export { runSuite } from './engine/run-suite';
export type { ConformanceTarget, SignedJwtCredentials } from './target/target';
export { coreSuite } from './suites/core';
export type { RequirementCoverage } from './coverage';
export { requirementCoverage, traceabilityEntries } from './coverage';
export type { ConformanceBlueprint, RunConformanceOptions } from './run-conformance';
export { loadConformanceBlueprint, runConformance } from './run-conformance';
export type {
  ConformanceReport,
  ReportContext,
  ReportExchange,
  ReportRequirement,
  ReportSettings,
  ReportSummary,
  ReportTest,
} from './report/conformance-report';
export {
  CONFORMANCE_REPORT_SCHEMA_ID,
  buildConformanceReport,
  conformanceExitCode,
  redactRecordedExchange,
  runVerdict,
} from './report/conformance-report';
export type { ConsoleReportOptions } from './report/console-report';
export { createConsoleProgress, renderConsoleReport } from './report/console-report';
export { renderHtmlReport } from './report/html-report';
export { renderJunitReport } from './report/junit-report';
export type { ReportFileFormat } from './report/write-reports';
export {
  REPORT_FILE_FORMATS,
  REPORT_FILE_NAMES,
  renderReport,
  writeConformanceReports,
} from './report/write-reports';
export type { ReferenceRegion, RegionDefect } from './reference-region';
export { referenceRegionDefects, startReferenceRegion } from './reference-region';
