import type { OperationOutcome, OperationOutcomeIssue } from '@lhcr/models';

/** The NHS Spine error and warning codes system, used for `issue.details` codes. */
export const SPINE_ERROR_CODE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/Spine-ErrorOrWarningCode-1';

/** FHIR issue types (http://hl7.org/fhir/issue-type). */
export type IssueCode = OperationOutcomeIssue['code'];

const ISSUE_CODES = new Set<string>([
  'invalid',
  'structure',
  'required',
  'value',
  'invariant',
  'security',
  'login',
  'unknown',
  'expired',
  'forbidden',
  'suppressed',
  'processing',
  'not-supported',
  'duplicate',
  'multiple-matches',
  'not-found',
  'deleted',
  'too-long',
  'code-invalid',
  'extension',
  'too-costly',
  'business-rule',
  'conflict',
  'transient',
  'lock-error',
  'no-store',
  'exception',
  'timeout',
  'incomplete',
  'throttled',
  'informational',
]);

/** `code` when it is a FHIR issue type, else `invalid`. */
export function toIssueCode(code: string): IssueCode {
  return ISSUE_CODES.has(code) ? (code as IssueCode) : 'invalid';
}

/** One issue to report. */
export interface IssueInput {
  readonly severity?: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: IssueCode;
  readonly diagnostics: string;
  /** A Spine error code (`RESOURCE_NOT_FOUND`, `NO_PATIENT_CONSENT`, …) for `details`. */
  readonly details?: string;
  readonly expression?: string;
}

/** An OperationOutcome holding `issues` (at least one). */
export function operationOutcome(issues: readonly IssueInput[]): OperationOutcome {
  const list: OperationOutcomeIssue[] = issues.map((issue) => {
    const out: OperationOutcomeIssue = {
      severity: issue.severity ?? 'error',
      code: issue.code,
      diagnostics: issue.diagnostics,
    };
    if (issue.details !== undefined) {
      out.details = {
        coding: [{ system: SPINE_ERROR_CODE_SYSTEM, code: issue.details, display: issue.details }],
      };
    }
    if (issue.expression !== undefined) out.expression = [issue.expression];
    return out;
  });
  return { resourceType: 'OperationOutcome', issue: list };
}

/**
 * A request failure: the HTTP status and the OperationOutcome to send. Thrown by handlers and
 * turned into a response at the HTTP boundary; never carries patient data.
 */
export class FhirHttpError extends Error {
  readonly status: number;
  readonly outcome: OperationOutcome;
  readonly headers: Readonly<Record<string, string>>;
  /** Why an audited refusal was refused (for the AuditEvent's outcomeDesc). */
  readonly auditReason: string | undefined;

  constructor(
    status: number,
    issues: IssueInput | readonly IssueInput[],
    options: { headers?: Record<string, string>; auditReason?: string } = {},
  ) {
    const list = Array.isArray(issues) ? (issues as readonly IssueInput[]) : [issues as IssueInput];
    super(list[0]?.diagnostics ?? `HTTP ${String(status)}`);
    this.name = 'FhirHttpError';
    this.status = status;
    this.outcome = operationOutcome(list);
    this.headers = options.headers ?? {};
    this.auditReason = options.auditReason;
  }
}

/** Shorthands for the common failures. */
export const fail = {
  badRequest: (diagnostics: string, details = 'INVALID_REQUEST', expression?: string) =>
    new FhirHttpError(400, {
      code: 'invalid',
      diagnostics,
      details,
      ...(expression === undefined ? {} : { expression }),
    }),
  invalidSearch: (diagnostics: string) =>
    new FhirHttpError(400, { code: 'invalid', diagnostics, details: 'INVALID_SEARCH_DATA' }),
  notFound: (diagnostics: string) =>
    new FhirHttpError(404, { code: 'not-found', diagnostics, details: 'RESOURCE_NOT_FOUND' }),
  unknownType: (type: string) =>
    new FhirHttpError(404, {
      code: 'not-supported',
      diagnostics: `This server does not serve the resource type ${sanitiseToken(type)}`,
      details: 'INVALID_RESOURCE_TYPE',
    }),
  gone: (diagnostics: string) =>
    new FhirHttpError(410, { code: 'deleted', diagnostics, details: 'RESOURCE_DELETED' }),
  methodNotAllowed: (diagnostics: string, allow: readonly string[]) =>
    new FhirHttpError(
      405,
      { code: 'not-supported', diagnostics, details: 'METHOD_NOT_ALLOWED' },
      { headers: { allow: allow.join(', ') } },
    ),
  forbidden: (diagnostics: string, details: string, auditReason: string) =>
    new FhirHttpError(403, { code: 'forbidden', diagnostics, details }, { auditReason }),
  preconditionFailed: (diagnostics: string) =>
    new FhirHttpError(412, { code: 'conflict', diagnostics, details: 'PRECONDITION_FAILED' }),
  notSupported: (diagnostics: string) =>
    new FhirHttpError(400, { code: 'not-supported', diagnostics, details: 'INVALID_REQUEST' }),
} as const;

/** A value safe to echo in a message: a short token of ordinary characters, or a placeholder. */
export function sanitiseToken(value: string): string {
  return /^[A-Za-z0-9_.:$-]{1,64}$/.test(value) ? value : '(unprintable)';
}
