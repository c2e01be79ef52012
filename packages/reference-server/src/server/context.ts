import type { AuditInteraction } from '../audit/audit';
import type { Interaction } from '../auth/scopes';
import { scopesAllow } from '../auth/scopes';
import type { Grant } from '../auth/tokens';
import type { ServerBlueprint, ServerRules } from '../blueprint-rules';
import type { DefectSet } from '../defects';
import { fail } from '../http/outcome';
import type { FhirHttpError } from '../http/outcome';
import type { JsonObject } from '../internal/json';
import type { AccessPolicy } from '../policy/access';
import type { Presenter } from '../policy/present';
import type { Repository } from '../repository';
import type { ResourceStore } from '../storage/store';
import type { PageStore } from './pages';

/**
 * Where log lines go. Lines never hold patient data: no NHS numbers, names, resource bodies,
 * query strings or tokens.
 *
 * @example
 * ```ts
 * const logger: ReferenceServerLogger = (level, message) => console.error(`[${level}] ${message}`);
 * ```
 */
export type ReferenceServerLogger = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
) => void;

/** A FHIR request after the HTTP layer read it. */
export interface FhirRequest {
  readonly method: string;
  /** The path below the FHIR base, without leading or trailing slashes. */
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly rawQuery: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** A JSON body, already parsed. */
  readonly json: unknown;
  /** A form body (`application/x-www-form-urlencoded`), already parsed. */
  readonly form: readonly (readonly [string, string])[] | undefined;
  readonly remoteAddress: string | undefined;
}

/** What a handler answers. */
export interface FhirResponse {
  readonly status: number;
  readonly body?: JsonObject | string | AsyncIterable<string>;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The parts of the server every handler uses. */
export interface Core {
  readonly rules: ServerRules;
  readonly store: ResourceStore;
  readonly repository: Repository;
  readonly defects: DefectSet;
  readonly pages: PageStore;
  readonly blueprint: ServerBlueprint;
  readonly baseUrl: string;
  readonly log: ReferenceServerLogger;
}

/** What is known about the request being handled, and what its AuditEvent will say. */
export class Exchange {
  grant: Grant | undefined;
  purpose: string | undefined;
  access: AccessPolicy | undefined;
  presenter: Presenter | undefined;
  readonly audit: {
    interaction: AuditInteraction | undefined;
    operation: string | undefined;
    resourceType: string | undefined;
    readonly what: string[];
    readonly patients: Set<string>;
    reason: string | undefined;
  } = {
    interaction: undefined,
    operation: undefined,
    resourceType: undefined,
    what: [],
    patients: new Set(),
    reason: undefined,
  };

  constructor(readonly requestId: string) {}

  /** The access policy; only after authentication. */
  policy(): AccessPolicy {
    if (this.access === undefined) throw new Error('access policy used before authentication');
    return this.access;
  }

  view(): Presenter {
    if (this.presenter === undefined) throw new Error('presenter used before authentication');
    return this.presenter;
  }

  /** Records resources returned or written, for the audit. */
  touched(type: string, id: string, patients: readonly string[]): void {
    if (this.audit.what.length < 100) this.audit.what.push(`${type}/${id}`);
    for (const patient of patients)
      if (this.audit.patients.size < 100) this.audit.patients.add(patient);
  }
}

/**
 * Refuses with 403 unless the token's scopes allow `interaction` on `type` for the request's
 * purpose (LHCR-SEC-04).
 */
export function requireScope(
  core: Core,
  exchange: Exchange,
  type: string,
  interaction: Interaction,
): void {
  const grant = exchange.grant;
  const purpose = exchange.purpose;
  if (grant === undefined || purpose === undefined) {
    throw new Error('scope checked before authentication');
  }
  if (interaction !== 'export' && core.defects.has('ignore-scopes')) return;
  if (scopesAllow(grant.scopes, core.rules.scopeRules, type, interaction, purpose)) return;
  throw fail.forbidden(
    `The access token's scopes do not allow ${interaction} on ${type} for purpose of use ${purpose}`,
    'ACCESS_DENIED',
    'insufficient scope',
  );
}

/** Whether the token's scopes allow reading `type` for the request's purpose (no error). */
export function mayRead(core: Core, exchange: Exchange, type: string): boolean {
  const grant = exchange.grant;
  const purpose = exchange.purpose;
  if (grant === undefined || purpose === undefined) return false;
  if (core.defects.has('ignore-scopes')) return true;
  return scopesAllow(grant.scopes, core.rules.scopeRules, type, 'read', purpose);
}

/** The refusal of a direct-care request for a dissenting patient's record (LHCR-OPT-04). */
export function noPatientConsent(): FhirHttpError {
  return fail.forbidden(
    'The patient has objected to sharing their record through the shared care record',
    'NO_PATIENT_CONSENT',
    'NO_PATIENT_CONSENT',
  );
}
