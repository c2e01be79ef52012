import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { NhsNumberSet, createNationalOptOutRegister, parsePurpose } from '@lhcr/optout';
import type { AuditInput } from '../audit/audit';
import { nowInstant, todayDate } from '../fhir/dates';
import { parseReference } from '../fhir/index-resource';
import { FhirHttpError, fail, operationOutcome } from '../http/outcome';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { AccessPolicy } from '../policy/access';
import { Presenter } from '../policy/present';
import type { ResourceRecord } from '../storage/store';
import { requireScope } from '../server/context';
import type { Core, Exchange, FhirResponse } from '../server/context';
import { loadDeid } from './planning-extract';

/** What the manifest reports of the de-identification (counts and risk, never key material). */
interface DeidSummary {
  readonly keyFingerprint: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly risk: unknown;
}

/** Who asked for an export, for its status checks and its AuditEvent. */
interface Requester {
  readonly clientId: string;
  readonly purpose: string;
  readonly grantedPurposes: readonly string[];
  readonly remoteAddress: string | undefined;
  readonly requestId: string;
  readonly endUserOrganisation: string | undefined;
}

interface ExportJob {
  readonly id: string;
  readonly requester: Requester;
  readonly level: 'system' | 'patient' | 'group';
  readonly patients: readonly string[] | undefined;
  readonly types: readonly string[];
  readonly since: number | undefined;
  readonly requestUrl: string;
  readonly transactionTime: string;
  readonly createdAt: number;
  state: 'running' | 'complete' | 'failed';
  cancelled: boolean;
  typesDone: number;
  readonly outputs: { type: string; file: string; count: number }[];
  readonly included: Set<string>;
  report: DeidSummary | undefined;
}

/** Types never exported: the audit trail and cohort definitions. */
const NOT_EXPORTED = new Set(['AuditEvent', 'Group']);
const JOB_TTL_MS = 60 * 60_000;
const MAX_JOBS = 100;
const NDJSON = 'application/fhir+ndjson';
const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);

/** Options of the export manager. */
export interface BulkExportSettings {
  /** Pause between resource types, in ms (tests slow exports down to see them in progress). */
  readonly throttleMs: number;
  /** The key that pseudonymises exports (32 bytes or more). */
  readonly pseudonymKey: Uint8Array;
  readonly audit: (input: AuditInput) => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The kick-off parameters, from the query or a Parameters body. */
function kickOffParameters(
  pairs: readonly (readonly [string, string])[],
  json: unknown,
): [string, string][] {
  const out: [string, string][] = pairs.map(([name, value]) => [name, value]);
  if (isRecord(json)) {
    if (json['resourceType'] !== 'Parameters') {
      throw fail.badRequest(
        'A POST kick-off body must be a Parameters resource',
        'INVALID_RESOURCE',
      );
    }
    for (const parameter of Array.isArray(json['parameter']) ? json['parameter'] : []) {
      if (!isRecord(parameter) || typeof parameter['name'] !== 'string') continue;
      const value = Object.entries(parameter).find(([key]) => key.startsWith('value'))?.[1];
      if (typeof value === 'string') out.push([parameter['name'], value]);
    }
  }
  return out;
}

/**
 * FHIR Bulk Data export (LHCR-PLN-01): asynchronous kick-off (202 and Content-Location), status
 * polling (202 with Retry-After and X-Progress, then 200 with the manifest), NDJSON files behind
 * the access token, DELETE to cancel. Exports are for secondary purposes only (LHCR-SEC-06) and
 * leave out opted-out patients, Type 1 GP records and restricted records (LHCR-PLN-03, -04); what
 * remains is pseudonymised and generalised by the blueprint's anonymisation policy with
 * `@lhcr/deid` (LHCR-PLN-02, -05) before it is written.
 */
export class ExportManager {
  private readonly jobs = new Map<string, ExportJob>();
  private directory: string | undefined;

  constructor(
    private readonly core: Core,
    private readonly settings: BulkExportSettings,
  ) {}

  private dir(): string {
    this.directory ??= mkdtempSync(join(tmpdir(), 'lhcr-export-'));
    return this.directory;
  }

  private statusUrl(job: ExportJob): string {
    return `${this.core.baseUrl}/$export-status/${job.id}`;
  }

  /** Starts an export; answers 202 with the status URL. */
  async kickOff(
    exchange: Exchange,
    request: {
      readonly level: 'system' | 'patient' | 'group';
      readonly groupId?: string;
      readonly pairs: readonly (readonly [string, string])[];
      readonly json: unknown;
      readonly headers: Readonly<Record<string, string | undefined>>;
      readonly requestUrl: string;
      readonly remoteAddress: string | undefined;
    },
  ): Promise<FhirResponse> {
    const { core } = this;
    const operation = '$export';
    exchange.audit.interaction = 'operation';
    exchange.audit.operation = operation;
    exchange.audit.resourceType =
      request.level === 'system' ? undefined : request.level === 'patient' ? 'Patient' : 'Group';
    const access = exchange.policy();
    const directCareExport =
      core.defects.has('export-for-direct-care') && access.use === 'direct-care';
    if (!directCareExport) requireScope(core, exchange, '*', 'export');
    if (access.use !== 'secondary' && !directCareExport) {
      throw fail.forbidden(
        `${operation} is for secondary purposes only (HOPERAT, POPHLTH, HRESCH, PUBHLTH, HQUALIMP)`,
        'ACCESS_DENIED',
        'export for a direct-care purpose',
      );
    }
    const deid = await loadDeid();
    if (deid === undefined || core.rules.blueprint.anonymisationPolicy === undefined) {
      throw new FhirHttpError(501, {
        code: 'not-supported',
        diagnostics:
          deid === undefined
            ? 'Exports are pseudonymised with @lhcr/deid, which cannot be loaded; no identifiable data is exported instead'
            : 'The blueprint has no anonymisation policy, so no export can be pseudonymised',
        details: 'NOT_IMPLEMENTED',
      });
    }
    const lenient = /handling\s*=\s*lenient/i.test(request.headers['prefer'] ?? '');
    let types: string[] | undefined;
    let since: number | undefined;
    for (const [name, value] of kickOffParameters(request.pairs, request.json)) {
      switch (name) {
        case '_outputFormat':
          if (!OUTPUT_FORMATS.has(value))
            throw fail.badRequest('_outputFormat must be application/fhir+ndjson');
          break;
        case '_type':
          types = value.split(',').map((type) => type.trim());
          for (const type of types) {
            if (!core.rules.types.has(type) || NOT_EXPORTED.has(type)) {
              throw fail.badRequest(
                '_type names a type this server does not export',
                'INVALID_REQUEST',
              );
            }
          }
          break;
        case '_since': {
          const parsed = Date.parse(value);
          if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(parsed)) {
            throw fail.badRequest('_since must be a FHIR instant such as 2026-01-01T00:00:00Z');
          }
          since = parsed;
          break;
        }
        case '_format':
          break;
        default:
          if (!lenient) {
            throw fail.badRequest(
              `${operation} does not support the parameter ${name.replace(/[^A-Za-z0-9_:.-]/g, '')} (send Prefer: handling=lenient to have it ignored)`,
            );
          }
      }
    }
    let patients: string[] | undefined;
    if (request.level === 'group') {
      const group = core.store.current('Group', request.groupId ?? '');
      if (group === undefined || group.record.deleted || group.json === null) {
        throw fail.notFound('The Group is not known to this server');
      }
      const json = JSON.parse(group.json) as JsonObject;
      patients = (Array.isArray(json['member']) ? json['member'] : []).flatMap(
        (member: unknown) => {
          const entity = isRecord(member) ? member['entity'] : undefined;
          const reference = isRecord(entity) ? entity['reference'] : undefined;
          const parsed = typeof reference === 'string' ? parseReference(reference) : undefined;
          return parsed?.type === 'Patient' ? [parsed.id] : [];
        },
      );
    }
    const exportable = [...core.rules.types].filter((type) => !NOT_EXPORTED.has(type)).sort();
    const grant = exchange.grant;
    const requester: Requester = {
      clientId: grant?.clientId ?? '',
      purpose: exchange.purpose ?? '',
      grantedPurposes: [...(grant?.purposes ?? [])],
      remoteAddress: request.remoteAddress,
      requestId: exchange.requestId,
      endUserOrganisation: request.headers['nhsd-end-user-organisation-ods'],
    };
    if (this.jobs.size >= MAX_JOBS) this.expire(Date.now(), true);
    const job: ExportJob = {
      id: randomBytes(12).toString('base64url'),
      requester,
      level: request.level,
      patients,
      types: types ?? exportable,
      since,
      requestUrl: request.requestUrl,
      transactionTime: nowInstant(),
      createdAt: Date.now(),
      state: 'running',
      cancelled: false,
      typesDone: 0,
      outputs: [],
      included: new Set(),
      report: undefined,
    };
    if (core.defects.has('export-not-async')) {
      const resources = await this.collect(job, () => Promise.resolve());
      const { output } = await this.deidentify(job, resources);
      return {
        status: 200,
        body: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: output.map((resource) => ({ resource })),
        },
      };
    }
    this.jobs.set(job.id, job);
    void this.run(job).catch((error: unknown) => {
      job.state = 'failed';
      core.log(
        'error',
        `export ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return {
      status: 202,
      headers: { 'content-location': this.statusUrl(job) },
      body: operationOutcome([
        {
          severity: 'information',
          code: 'informational',
          diagnostics: `${operation} started; poll the Content-Location for its status`,
        },
      ]) as unknown as JsonObject,
    };
  }

  private records(job: ExportJob, type: string): ResourceRecord[] {
    const records = this.core.store.scan({
      types: [type],
      ...(job.since === undefined ? {} : { since: job.since }),
      ...(job.patients === undefined ? {} : { patients: job.patients }),
    });
    return job.level === 'system'
      ? records
      : records.filter((record) => record.patients.length > 0);
  }

  /** The visible resources of the export, presented, type by type. */
  private async collect(
    job: ExportJob,
    between: () => Promise<void>,
    sink?: (type: string, resources: JsonObject[]) => Promise<void>,
  ): Promise<JsonObject[]> {
    const { core } = this;
    const access = new AccessPolicy(
      core.store,
      core.rules,
      core.defects,
      job.requester.purpose,
      'export',
    );
    const presenter = new Presenter(core.store, core.defects);
    const all: JsonObject[] = [];
    for (const type of job.types) {
      if (job.cancelled) return all;
      const kept = this.records(job, type).filter(
        (record) => access.visibility(record) === 'visible',
      );
      for (let start = 0; start < kept.length; start += 500) {
        const chunk = kept.slice(start, start + 500);
        const bodies = core.store.bodies(chunk.map((record) => record.seq));
        const resources: JsonObject[] = [];
        for (const record of chunk) {
          const json = bodies.get(record.seq);
          if (json === undefined) continue;
          for (const patient of record.patients) job.included.add(patient);
          resources.push(presenter.present(JSON.parse(json) as JsonObject, record.patients));
        }
        if (sink === undefined) all.push(...resources);
        else await sink(type, resources);
        await new Promise((resolve) => setImmediate(resolve));
      }
      job.typesDone += 1;
      await between();
    }
    return all;
  }

  private async run(job: ExportJob): Promise<void> {
    const between = (): Promise<void> => sleep(this.settings.throttleMs);
    const dir = this.dir();
    const resources = await this.collect(job, between);
    if (job.cancelled) {
      this.remove(job);
      return;
    }
    const { output, report } = await this.deidentify(job, resources);
    job.report = report;
    const byType = new Map<string, string[]>();
    for (const resource of output) {
      if (!isRecord(resource) || typeof resource['resourceType'] !== 'string') continue;
      const lines = byType.get(resource['resourceType']) ?? [];
      lines.push(JSON.stringify(resource));
      byType.set(resource['resourceType'], lines);
    }
    for (const [type, lines] of byType) {
      const file = `${job.id}-${type}.ndjson`;
      await writeFile(join(dir, file), `${lines.join('\n')}\n`);
      job.outputs.push({ type, file, count: lines.length });
    }
    if (isCancelled(job)) {
      this.remove(job);
      return;
    }
    job.state = 'complete';
    this.settings.audit({
      interaction: 'operation',
      operation: '$export',
      what: [],
      patients: [...job.included],
      clientId: job.requester.clientId,
      purpose: job.requester.purpose,
      grantedPurposes: job.requester.grantedPurposes,
      status: 200,
      reason: undefined,
      remoteAddress: job.requester.remoteAddress,
      requestId: job.requester.requestId,
      endUserOrganisation: job.requester.endUserOrganisation,
    });
  }

  private async deidentify(
    job: ExportJob,
    resources: readonly JsonObject[],
  ): Promise<{ output: readonly unknown[]; report: DeidSummary }> {
    const { core } = this;
    const deid = await loadDeid();
    const policy = core.rules.blueprint.anonymisationPolicy;
    if (deid === undefined || policy === undefined) throw new Error('export without @lhcr/deid');
    const purpose = parsePurpose(job.requester.purpose);
    if (!purpose.ok) throw new Error('export without a secondary purpose');
    const optedOut: NhsNumber[] = [];
    const cleared: NhsNumber[] = [];
    for (const record of core.store.scan({ types: ['Patient'] })) {
      const parsed = parseNhsNumber(core.store.patientNhsNumber(record.id) ?? '');
      if (!parsed.ok) continue;
      const nhsNumber = parsed.value;
      const state = core.store.nationalOptOut(nhsNumber);
      if (state === true) optedOut.push(nhsNumber);
      else if (state === false) cleared.push(nhsNumber);
    }
    // The server has already applied the opt-outs per record (Type 1 by origin); the register
    // handed to @lhcr/deid is its second line of defence for the national data opt-out.
    const permissive = core.defects.has('export-includes-optouts');
    const register = createNationalOptOutRegister({
      id: 'reference-region-national-opt-out',
      asOf: permissive ? todayDate() : (core.store.nationalOptOutAsOf() ?? todayDate()),
      optedOut: NhsNumberSet.from(permissive ? [] : optedOut),
      ...(permissive ? { complete: true } : { cleared: NhsNumberSet.from(cleared) }),
    });
    const key = deid.createPseudonymKey(this.settings.pseudonymKey, {
      minimumBytes: policy.pseudonymisation.key.minimumBytes,
      source: 'the reference server',
    });
    const { resources: output, report } = deid.deidentifyResources(resources, {
      policy,
      key,
      extractDate: todayDate(),
      optOut: {
        request: { purpose: purpose.value, origin: 'non-gp', date: todayDate() },
        registers: { nationalOptOut: register },
        policy: core.rules.optOutPolicy,
      },
      project: `reference-region-${job.requester.clientId}`,
      suppress: false,
    });
    return {
      output,
      report: { keyFingerprint: report.keyFingerprint, counts: report.counts, risk: report.risk },
    };
  }

  private find(exchange: Exchange, id: string): ExportJob {
    this.expire(Date.now(), false);
    const job = this.jobs.get(id);
    if (job === undefined || job.requester.clientId !== exchange.grant?.clientId) {
      throw fail.notFound('No export with this id is known to this server for this client');
    }
    return job;
  }

  /** GET the status of an export. */
  status(exchange: Exchange, id: string): FhirResponse {
    exchange.audit.interaction = 'operation';
    exchange.audit.operation = '$export-status';
    const job = this.find(exchange, id);
    if (job.state === 'failed') {
      throw new FhirHttpError(500, {
        code: 'exception',
        diagnostics: 'The export failed',
        details: 'INTERNAL_SERVER_ERROR',
      });
    }
    if (job.state === 'running') {
      return {
        status: 202,
        headers: {
          'retry-after': '1',
          'x-progress': `${String(job.typesDone)} of ${String(job.types.length)} resource types`,
        },
      };
    }
    const manifest: JsonObject = {
      transactionTime: job.transactionTime,
      request: job.requestUrl,
      requiresAccessToken: true,
      output: job.outputs.map((output) => ({
        type: output.type,
        url: `${this.core.baseUrl}/$export-file/${output.file}`,
        count: output.count,
      })),
      error: [],
    };
    if (job.report !== undefined) {
      manifest['extension'] = {
        'https://lhcr.github.io/fhir/core/StructureDefinition/deid-report': {
          keyFingerprint: job.report.keyFingerprint,
          counts: job.report.counts,
          risk: job.report.risk,
        },
      };
    }
    return {
      status: 200,
      contentType: 'application/json',
      headers: { expires: new Date(job.createdAt + JOB_TTL_MS).toUTCString() },
      body: manifest,
    };
  }

  /** DELETE an export: it stops and its files are removed. */
  cancel(exchange: Exchange, id: string): FhirResponse {
    exchange.audit.interaction = 'operation';
    exchange.audit.operation = '$export-status';
    const job = this.find(exchange, id);
    job.cancelled = true;
    if (job.state !== 'running') this.remove(job);
    else this.jobs.delete(job.id);
    return {
      status: 202,
      body: operationOutcome([
        { severity: 'information', code: 'informational', diagnostics: 'The export was cancelled' },
      ]) as unknown as JsonObject,
    };
  }

  /** GET one NDJSON file of a completed export. */
  file(exchange: Exchange, name: string): FhirResponse {
    exchange.audit.interaction = 'operation';
    exchange.audit.operation = '$export-file';
    const match = /^([A-Za-z0-9_-]{16})-([A-Z][A-Za-z]+)\.ndjson$/.exec(name);
    if (match === null) throw fail.notFound('No such export file');
    const job = this.find(exchange, match[1] as string);
    const output = job.outputs.find((candidate) => candidate.file === name);
    if (job.state !== 'complete' || output === undefined)
      throw fail.notFound('No such export file');
    exchange.audit.resourceType = output.type;
    const path = join(this.dir(), output.file);
    async function* lines(): AsyncGenerator<string> {
      const reader = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
      for await (const line of reader) if (line !== '') yield `${line}\n`;
    }
    return { status: 200, contentType: NDJSON, body: lines() };
  }

  private remove(job: ExportJob): void {
    this.jobs.delete(job.id);
    if (this.directory === undefined) return;
    for (const output of job.outputs) rmSync(join(this.directory, output.file), { force: true });
    for (const type of job.types)
      rmSync(join(this.directory, `${job.id}-${type}.ndjson`), { force: true });
  }

  private expire(now: number, oldest: boolean): void {
    for (const job of this.jobs.values()) {
      if (now - job.createdAt > JOB_TTL_MS && job.state !== 'running') this.remove(job);
    }
    if (oldest && this.jobs.size >= MAX_JOBS) {
      const first = this.jobs.values().next();
      if (first.done !== true) {
        first.value.cancelled = true;
        this.remove(first.value);
      }
    }
  }

  /** Stops every export and removes their files. */
  close(): void {
    for (const job of this.jobs.values()) job.cancelled = true;
    this.jobs.clear();
    if (this.directory !== undefined) rmSync(this.directory, { recursive: true, force: true });
    this.directory = undefined;
  }
}

/** Read through a call: an export can be cancelled while it awaits. */
function isCancelled(job: ExportJob): boolean {
  return job.cancelled;
}
