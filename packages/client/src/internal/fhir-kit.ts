import type * as FhirKit from 'fhir-kit-client';
import type { Client, FhirResource, RequestOptions as FhirKitOptions } from 'fhir-kit-client';
import { FhirResponseError } from '../errors';
import { redactUrl } from '../redaction';
import type { AttemptInput, AttemptOutput, SendSpec } from './transport';

type FhirKitModule = typeof FhirKit;

let loading: Promise<FhirKitModule> | undefined;

/**
 * fhir-kit-client, loaded on first use. It is published as an ES module only; a dynamic import
 * lets this package's CommonJS build use it too, and lets bundlers split it out.
 */
export function loadFhirKit(): Promise<FhirKitModule> {
  loading ??= import('fhir-kit-client');
  return loading;
}

/** A call on a fhir-kit-client `Client` with per-request options. */
export type FhirKitCall = (client: Client, options: FhirKitOptions) => Promise<FhirResource>;

interface FhirKitRejection {
  readonly response: { readonly status: number; readonly data?: unknown };
  readonly config?: { readonly headers?: unknown };
}

function isFhirKitRejection(value: unknown): value is FhirKitRejection {
  if (typeof value !== 'object' || value === null || !('response' in value)) return false;
  const response: unknown = value.response;
  return (
    typeof response === 'object' &&
    response !== null &&
    'status' in response &&
    typeof response.status === 'number'
  );
}

/** fhir-kit-client gives `{}` for an empty body. */
function bodyOrUndefined(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) {
    return undefined;
  }
  return value;
}

/** The resources of `@lhcr/models` as fhir-kit-client's `FhirResource` (a JSON object with a `resourceType`). */
export function asFhirKitResource(resource: { readonly resourceType: string }): FhirResource {
  return resource;
}

/**
 * One attempt through fhir-kit-client: a fresh `Client` per attempt (construction is cheap) whose
 * request signer records the headers it really sends. A non-2xx reply, or a 2xx reply that is not
 * JSON, comes back as an output for the transport to judge; network failures are rethrown.
 */
export async function fhirKitAttempt(
  baseUrl: string,
  spec: SendSpec,
  input: AttemptInput,
  call: FhirKitCall,
): Promise<AttemptOutput> {
  const fhirKit = await loadFhirKit();
  let sentHeaders: Headers | undefined;
  const client = new fhirKit.Client({
    baseUrl,
    requestSigner: (_url, init) => {
      sentHeaders = new Headers(init.headers);
    },
  });
  const options: FhirKitOptions = {
    headers: Object.fromEntries(input.headers),
    signal: input.signal,
    // fhir-kit-client asks for keep-alive requests, which browsers cap at 64 KiB of body.
    keepalive: false,
  };
  let result: FhirResource;
  try {
    result = await call(client, options);
  } catch (thrown) {
    if (!isFhirKitRejection(thrown)) {
      if (thrown instanceof TypeError && /defineProperty/.test(thrown.message)) {
        // fhir-kit-client cannot attach its metadata to a JSON primitive such as `null` or `3`.
        throw new FhirResponseError(
          `${spec.method} ${redactUrl(spec.url)} returned JSON that is not an object; expected a FHIR resource`,
        );
      }
      throw thrown;
    }
    const { status, data } = thrown.response;
    const headers =
      thrown.config?.headers instanceof Headers ? thrown.config.headers : new Headers();
    const base = {
      status,
      headers,
      body: bodyOrUndefined(data),
      notJson: typeof data === 'string',
    };
    return sentHeaders === undefined ? base : { ...base, sentHeaders };
  }
  const { response } = fhirKit.Client.httpFor(result);
  // A plain copy: without fhir-kit-client's hidden Request and Response references.
  const body = bodyOrUndefined({ ...result });
  const output: AttemptOutput = {
    status: response?.status ?? 200,
    headers: response?.headers ?? new Headers(),
    body,
    notJson: false,
  };
  return sentHeaders === undefined ? output : { ...output, sentHeaders };
}
