import { isResource } from '@lhcr/models';
import type { AnyResource } from '@lhcr/models';
import {
  AbortedError,
  FhirResponseError,
  LimitExceededError,
  TimeoutError,
  toLhcrError,
} from './errors';
import {
  NdjsonEncodingError,
  NdjsonIdleError,
  NdjsonLimitError,
  ndjsonLines,
} from './internal/ndjson';
import { abortReason, sleep } from './internal/signals';
import { fetchAttempt } from './internal/transport';
import type { RequestOptions, SendSpec, Transport } from './internal/transport';
import { redactUrl } from './redaction';
import { parseRetryAfter } from './retry';

/**
 * One file of a Bulk Data export manifest (`output` or `error` entry).
 *
 * @see https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status
 * @example
 * ```ts
 * const file: BulkExportFile = { type: 'Patient', url: 'https://example.org/files/1.ndjson', count: 20 };
 * ```
 */
export interface BulkExportFile {
  readonly type: string;
  readonly url: string;
  readonly count?: number;
  /** Server-specific information about the file, a JSON object keyed by the server's own names. */
  readonly extension?: Readonly<Record<string, unknown>>;
}

/**
 * A complete Bulk Data export: the manifest the status endpoint returns.
 *
 * @see https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status
 * @example
 * ```ts
 * for (const file of manifest.output) console.log(file.type, file.count);
 * ```
 */
export interface BulkExportManifest {
  readonly transactionTime: string;
  readonly request: string;
  readonly requiresAccessToken: boolean;
  readonly output: readonly BulkExportFile[];
  readonly error: readonly BulkExportFile[];
  readonly deleted?: readonly BulkExportFile[];
  /**
   * Server-specific information about the export: a JSON object, the place Bulk Data reserves
   * for it (the reference region puts its de-identification and risk report here).
   */
  readonly extension?: Readonly<Record<string, unknown>>;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The result of {@link parseBulkExportManifest}.
 *
 * @example
 * ```ts
 * const result: BulkExportManifestResult = parseBulkExportManifest(json);
 * ```
 */
export type BulkExportManifestResult =
  | { readonly ok: true; readonly value: BulkExportManifest }
  | { readonly ok: false; readonly message: string };

function parseFiles(value: unknown, field: string): readonly BulkExportFile[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return `manifest.${field} must be an array`;
  const files: BulkExportFile[] = [];
  for (const [index, item] of (value as unknown[]).entries()) {
    const where = `manifest.${field}[${String(index)}]`;
    if (typeof item !== 'object' || item === null) return `${where} must be an object`;
    const entry = item as Record<string, unknown>;
    if (typeof entry.type !== 'string' || entry.type === '')
      return `${where}.type must be a string`;
    if (typeof entry.url !== 'string') return `${where}.url must be a string`;
    try {
      const url = new URL(entry.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return `${where}.url must be http(s)`;
    } catch {
      return `${where}.url must be an absolute URL`;
    }
    if (entry.count !== undefined && (typeof entry.count !== 'number' || entry.count < 0)) {
      return `${where}.count must be a number ≥ 0`;
    }
    if (entry.extension !== undefined && !isJsonObject(entry.extension)) {
      return `${where}.extension must be a JSON object`;
    }
    files.push({
      type: entry.type,
      url: entry.url,
      ...(entry.count === undefined ? {} : { count: entry.count }),
      ...(entry.extension === undefined ? {} : { extension: entry.extension }),
    });
  }
  return files;
}

/**
 * Checks a Bulk Data complete-status manifest: `transactionTime` and `request` strings,
 * `requiresAccessToken` boolean, `output` (and optional `error`, `deleted`) arrays of files with
 * a `type` and an absolute http(s) `url`; `extension`, on the manifest or a file, kept when it is
 * a JSON object. Never throws; messages never repeat values.
 *
 * @see https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status
 * @example
 * ```ts
 * const result = parseBulkExportManifest(await response.json());
 * if (!result.ok) console.error(result.message);
 * ```
 */
export function parseBulkExportManifest(value: unknown): BulkExportManifestResult {
  const fail = (message: string): BulkExportManifestResult => ({ ok: false, message });
  if (!isJsonObject(value)) return fail('the manifest must be a JSON object');
  const manifest = value;
  if (typeof manifest.transactionTime !== 'string') {
    return fail('manifest.transactionTime must be a string');
  }
  if (typeof manifest.request !== 'string') return fail('manifest.request must be a string');
  if (typeof manifest.requiresAccessToken !== 'boolean') {
    return fail('manifest.requiresAccessToken must be a boolean');
  }
  if (manifest.output === undefined) return fail('manifest.output is missing');
  const output = parseFiles(manifest.output, 'output');
  if (typeof output === 'string') return fail(output);
  const error = parseFiles(manifest.error, 'error');
  if (typeof error === 'string') return fail(error);
  const deleted =
    manifest.deleted === undefined ? undefined : parseFiles(manifest.deleted, 'deleted');
  if (typeof deleted === 'string') return fail(deleted);
  const { extension } = manifest;
  if (extension !== undefined && !isJsonObject(extension)) {
    return fail('manifest.extension must be a JSON object');
  }
  return {
    ok: true,
    value: {
      transactionTime: manifest.transactionTime,
      request: manifest.request,
      requiresAccessToken: manifest.requiresAccessToken,
      output,
      error,
      ...(deleted === undefined ? {} : { deleted }),
      ...(extension === undefined ? {} : { extension }),
    },
  };
}

/**
 * One poll of a Bulk Data status endpoint: still running (with the server's `X-Progress` text and
 * `Retry-After`), or complete with its manifest.
 *
 * @example
 * ```ts
 * const status = await job.checkStatus();
 * if (status.state === 'complete') console.log(status.manifest.output.length);
 * ```
 */
export type BulkExportStatus =
  | {
      readonly state: 'in-progress';
      readonly progress: string | undefined;
      readonly retryAfterMs: number | undefined;
    }
  | { readonly state: 'complete'; readonly manifest: BulkExportManifest };

/**
 * What {@link BulkExportWaitOptions.onProgress} receives after each in-progress poll.
 *
 * @example
 * ```ts
 * const onProgress = (progress: BulkExportProgress): void => console.log(progress.progress ?? 'working');
 * ```
 */
export interface BulkExportProgress {
  readonly progress: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly polls: number;
  readonly elapsedMs: number;
  /** How long the client now waits before the next poll. */
  readonly nextPollInMs: number;
}

/**
 * Options of {@link BulkExportJob.waitForCompletion}.
 *
 * @example
 * ```ts
 * const options: BulkExportWaitOptions = { maxWaitMs: 600_000, onProgress: (p) => console.log(p.progress) };
 * ```
 */
export interface BulkExportWaitOptions extends RequestOptions {
  /** The first wait when the server sends no `Retry-After`; grows by half each poll. Default 1000. */
  readonly pollIntervalMs?: number;
  /** The longest wait the client chooses itself (a server's `Retry-After` is honoured in full). Default 60000. */
  readonly maxPollIntervalMs?: number;
  /** Fails with a `TimeoutError` when the export is not complete by then. Default one hour. */
  readonly maxWaitMs?: number;
  readonly onProgress?: (progress: BulkExportProgress) => void;
}

/**
 * Options of {@link BulkExportJob.download} and `FhirClient.downloadExportFile`.
 *
 * @example
 * ```ts
 * const options: BulkExportDownloadOptions = { maxLineChars: 1_000_000 };
 * ```
 */
export interface BulkExportDownloadOptions extends RequestOptions {
  /** Longest NDJSON line accepted, in characters. Default 16 MiB. */
  readonly maxLineChars?: number;
  /** Check that every resource has the file's `type`. Default true. */
  readonly checkType?: boolean;
}

/**
 * What a {@link BulkExportJob} needs from its client (made by `FhirClient`; not exported from the
 * package).
 *
 * @example
 * ```ts
 * const job = new BulkExportJob(statusUrl, { transport, maxResponseBytes: 64 * 1024 * 1024, timeoutMs: 30_000 });
 * ```
 */
export interface BulkExportContext {
  readonly transport: Transport;
  readonly maxResponseBytes: number;
  readonly timeoutMs: number;
}

const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * A Bulk Data `$export` in progress, identified by its status URL (from the kick-off's
 * `Content-Location`). Poll it, wait for it honouring `Retry-After` and `X-Progress`, cancel it
 * with DELETE, and stream its NDJSON files as parsed resources. Create one with
 * `FhirClient.startBulkExport` or, to resume, `FhirClient.bulkExportJob(statusUrl)`.
 *
 * @see https://hl7.org/fhir/uv/bulkdata/export.html
 * @example
 * ```ts
 * const job = await client.startBulkExport({ types: ['Patient', 'Observation'] });
 * const manifest = await job.waitForCompletion({ onProgress: (p) => console.log(p.progress) });
 * for (const file of manifest.output) {
 *   for await (const resource of job.download(manifest, file)) store(resource);
 * }
 * ```
 */
export class BulkExportJob {
  readonly statusUrl: string;
  readonly #context: BulkExportContext;

  constructor(statusUrl: string, context: BulkExportContext) {
    this.statusUrl = statusUrl;
    this.#context = context;
  }

  /**
   * Polls the status endpoint once. A 202 is in progress; a 200 is complete (its manifest
   * checked by {@link parseBulkExportManifest}); anything else is a `FhirServerError` (a failed
   * export, with the server's OperationOutcome). 429 and 503 are retried as configured.
   *
   * @throws {FhirServerError} when the export failed or the job is unknown.
   * @throws {FhirResponseError} when a 200 reply is not a valid manifest.
   * @example
   * ```ts
   * const status = await job.checkStatus();
   * if (status.state === 'in-progress') console.log(status.progress, status.retryAfterMs);
   * ```
   */
  async checkStatus(options: RequestOptions = {}): Promise<BulkExportStatus> {
    const spec: SendSpec = {
      kind: 'bulk-status',
      method: 'GET',
      url: this.statusUrl,
      idempotent: true,
      authenticate: true,
      clientHeaders: true,
    };
    const result = await this.#context.transport.sendOk(spec, options, (input) =>
      fetchAttempt(spec, input, {
        accept: 'application/json',
        stream: false,
        maxBytes: this.#context.maxResponseBytes,
      }),
    );
    const where = `${result.request.method} ${result.request.url}`;
    if (result.status === 202) {
      return {
        state: 'in-progress',
        progress: result.headers.get('x-progress') ?? undefined,
        retryAfterMs: parseRetryAfter(result.headers.get('retry-after')),
      };
    }
    if (result.status !== 200) {
      throw new FhirResponseError(
        `${where} replied ${String(result.status)}; a Bulk Data status endpoint replies 202 (in progress) or 200 (complete)`,
        { status: result.status },
        { request: result.request },
      );
    }
    if (result.notJson) {
      throw new FhirResponseError(
        `${where}: the manifest is not valid JSON`,
        { status: 200 },
        { request: result.request },
      );
    }
    const manifest = parseBulkExportManifest(result.body);
    if (!manifest.ok) {
      throw new FhirResponseError(
        `${where}: invalid manifest: ${manifest.message}`,
        { status: 200 },
        {
          request: result.request,
          specUrl: 'https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status',
        },
      );
    }
    return { state: 'complete', manifest: manifest.value };
  }

  /**
   * Polls until the export is complete and returns its manifest. Waits for the server's
   * `Retry-After` when it sends one, otherwise for `pollIntervalMs` growing by half each poll up
   * to `maxPollIntervalMs`; reports `X-Progress` through `onProgress`.
   *
   * @throws {TimeoutError} when the export is not complete within `maxWaitMs`.
   * @throws {AbortedError} when `signal` aborts.
   * @example
   * ```ts
   * const manifest = await job.waitForCompletion({ maxWaitMs: 600_000, onProgress: (p) => console.log(p.progress) });
   * ```
   */
  async waitForCompletion(options: BulkExportWaitOptions = {}): Promise<BulkExportManifest> {
    const {
      pollIntervalMs = 1000,
      maxPollIntervalMs = 60_000,
      maxWaitMs = 3_600_000,
      onProgress,
      ...call
    } = options;
    const started = Date.now();
    let interval = pollIntervalMs;
    for (let polls = 1; ; polls += 1) {
      const status = await this.checkStatus(call);
      if (status.state === 'complete') return status.manifest;
      const wait = status.retryAfterMs ?? Math.min(interval, maxPollIntervalMs);
      interval = Math.min(maxPollIntervalMs, interval * 1.5);
      const elapsedMs = Date.now() - started;
      if (elapsedMs + wait > maxWaitMs) {
        throw new TimeoutError(
          `GET ${redactUrl(this.statusUrl)}: the export was not complete within ${String(maxWaitMs)} ms (${String(polls)} polls)`,
          maxWaitMs,
        );
      }
      if (onProgress !== undefined) {
        try {
          onProgress({
            progress: status.progress,
            retryAfterMs: status.retryAfterMs,
            polls,
            elapsedMs,
            nextPollInMs: wait,
          });
        } catch {
          // a progress callback is an observer
        }
      }
      try {
        await sleep(wait, call.signal);
      } catch {
        throw new AbortedError(
          `GET ${redactUrl(this.statusUrl)}: aborted while waiting for the export`,
          {
            cause: abortReason(call.signal),
          },
        );
      }
    }
  }

  /**
   * Cancels the export (DELETE on the status URL; the server replies 202).
   *
   * @throws {FhirServerError} when the server refuses (for example 404 for an unknown job).
   * @example
   * ```ts
   * await client.bulkExportJob(statusUrl).cancel();
   * ```
   */
  async cancel(options: RequestOptions = {}): Promise<void> {
    const spec: SendSpec = {
      kind: 'bulk-cancel',
      method: 'DELETE',
      url: this.statusUrl,
      idempotent: true,
      authenticate: true,
      clientHeaders: true,
    };
    await this.#context.transport.sendOk(spec, options, (input) =>
      fetchAttempt(spec, input, {
        accept: 'application/json',
        stream: false,
        maxBytes: this.#context.maxResponseBytes,
      }),
    );
  }

  /**
   * Streams one NDJSON file of the manifest as parsed resources, one line at a time (the file is
   * never held whole). Sends the access token only when the manifest's `requiresAccessToken` is
   * true. Blank lines are skipped. A line that is not JSON, not a FHIR resource, or not of the
   * file's type fails with a {@link FhirResponseError} whose `line` is its 1-based number.
   *
   * @throws {FhirServerError} when the download is refused.
   * @throws {FhirResponseError} for a bad line.
   * @throws {LimitExceededError} for a line longer than `maxLineChars`.
   * @example
   * ```ts
   * for (const file of manifest.output) {
   *   for await (const resource of job.download(manifest, file)) store(resource);
   * }
   * ```
   */
  download(
    manifest: BulkExportManifest,
    file: BulkExportFile,
    options: BulkExportDownloadOptions = {},
  ): AsyncGenerator<AnyResource, void, undefined> {
    return downloadNdjson(this.#context, file, manifest.requiresAccessToken, options);
  }
}

/**
 * Streams an NDJSON file as FHIR resources; see {@link BulkExportJob.download}.
 *
 * @example
 * ```ts
 * for await (const resource of downloadNdjson(context, file, manifest.requiresAccessToken, {})) store(resource);
 * ```
 */
export async function* downloadNdjson(
  context: BulkExportContext,
  file: BulkExportFile,
  requiresAccessToken: boolean,
  options: BulkExportDownloadOptions,
): AsyncGenerator<AnyResource, void, undefined> {
  const { maxLineChars = DEFAULT_MAX_LINE_CHARS, checkType = true, ...call } = options;
  const spec: SendSpec = {
    kind: 'bulk-file',
    method: 'GET',
    url: file.url,
    idempotent: true,
    authenticate: requiresAccessToken,
    clientHeaders: requiresAccessToken,
  };
  const result = await context.transport.sendOk(spec, call, (input) =>
    fetchAttempt(spec, input, {
      accept: 'application/fhir+ndjson',
      stream: true,
      maxBytes: context.maxResponseBytes,
    }),
  );
  const where = `GET ${result.request.url}`;
  const fail = (message: string, line: number): FhirResponseError =>
    new FhirResponseError(
      `${where}: line ${String(line)} ${message}`,
      { status: result.status, line },
      {
        request: result.request,
        specUrl: 'https://hl7.org/fhir/uv/bulkdata/export.html#file-format',
      },
    );
  try {
    if (result.stream === undefined || result.stream === null) return;
    const lines = ndjsonLines(result.stream, {
      maxLineChars,
      idleTimeoutMs: call.timeoutMs ?? context.timeoutMs,
    });
    try {
      for await (const { line, text } of lines) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw fail('is not valid JSON', line);
        }
        if (!isResource(value)) throw fail('is not a FHIR resource (no known resourceType)', line);
        if (checkType && value.resourceType !== file.type) {
          throw fail(
            `holds a ${value.resourceType}; the manifest lists this file as ${file.type}`,
            line,
          );
        }
        yield value;
      }
    } catch (thrown) {
      if (thrown instanceof NdjsonEncodingError) {
        throw fail('is not valid UTF-8 (Bulk Data files are always UTF-8)', thrown.line);
      }
      if (thrown instanceof NdjsonLimitError) {
        throw new LimitExceededError(
          `${where}: line ${String(thrown.line)} is longer than ${String(maxLineChars)} characters`,
          maxLineChars,
          { request: result.request },
        );
      }
      if (thrown instanceof NdjsonIdleError) {
        const idle = call.timeoutMs ?? context.timeoutMs;
        throw new TimeoutError(`${where}: no data for ${String(idle)} ms`, idle, {
          request: result.request,
        });
      }
      if (call.signal?.aborted === true) {
        throw new AbortedError(`${where}: aborted by the caller while downloading`, {
          cause: call.signal.reason,
          request: result.request,
        });
      }
      throw toLhcrError(thrown, result.request);
    }
  } finally {
    result.release();
  }
}
