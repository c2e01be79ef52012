import { IdentifierError } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import type { LhcrClientError } from './errors';
import {
  AbortedError,
  CLIENT_ERROR_CODES,
  ConfigError,
  FhirResponseError,
  FhirServerError,
  InternalError,
  NetworkError,
  TimeoutError,
  httpStatusError,
  isLhcrClientError,
  statusText,
  toLhcrError,
} from './errors';

const request = { method: 'GET', url: 'https://example.org/fhir/Patient?identifier=[redacted]' };

describe('toLhcrError', () => {
  it('passes client errors through', () => {
    const error = new NetworkError('x');
    expect(toLhcrError(error)).toBe(error);
  });

  it('turns fhir-kit-client rejections (plain objects and Errors) into FhirServerError', () => {
    const plain = {
      response: {
        status: 404,
        data: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'not-found' }],
        },
      },
      config: { method: 'get', url: 'https://example.org/fhir/Patient/9990000018?name=Smith' },
    };
    const error = toLhcrError(plain);
    expect(error).toBeInstanceOf(FhirServerError);
    expect(error).toMatchObject({
      status: 404,
      request: {
        method: 'GET',
        url: 'https://example.org/fhir/Patient/[redacted]?name=[redacted]',
      },
    });
    expect(error.message).not.toContain('9990000018');
    expect(error.message).not.toContain('Smith');
    expect(error.cause).toBeUndefined();
    const asError = Object.assign(
      new Error('HTTP 500: GET https://example.org/fhir/Patient/9990000018'),
      {
        response: { status: 500, data: '<html/>' },
        config: { method: 'GET', url: 'https://example.org/fhir/x', headers: new Headers() },
      },
    );
    expect(toLhcrError(asError)).toMatchObject({ status: 500, outcome: undefined });
  });

  it('turns a 2xx fhir-kit-client rejection (bad JSON) into FhirResponseError', () => {
    const error = toLhcrError(
      {
        response: { status: 200, data: 'not json' },
        config: { headers: new Headers({ 'content-type': 'text/plain' }) },
      },
      request,
    );
    expect(error).toBeInstanceOf(FhirResponseError);
    expect(error.message).toContain('(content-type: text/plain)');
  });

  it('classifies platform errors', () => {
    expect(toLhcrError(new DOMException('x', 'AbortError'), request)).toBeInstanceOf(AbortedError);
    expect(toLhcrError(new DOMException('x', 'TimeoutError'), request)).toBeInstanceOf(
      TimeoutError,
    );
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(toLhcrError(refused, request).message).toBe(
      `GET ${request.url}: no HTTP response: ECONNREFUSED`,
    );
    expect(toLhcrError(new IdentifierError('check-digit', 'bad check digit'))).toMatchObject({
      code: 'invalid-argument',
    });
    expect(toLhcrError(new RangeError('boom'))).toBeInstanceOf(InternalError);
    expect(toLhcrError('text')).toMatchObject({
      code: 'internal',
      message: 'a non-Error value was thrown: [object String]',
    });
    expect(toLhcrError(undefined)).toBeInstanceOf(InternalError);
  });

  it('keeps URLs in network messages redacted', () => {
    const error = toLhcrError(
      new TypeError('Failed to parse URL from http://x/Patient?family=Smith'),
    );
    expect(error.message).toBe(
      'no HTTP response: Failed to parse URL from http://x/Patient?family=[redacted]',
    );
  });
});

describe('the error hierarchy', () => {
  it('has a closed code on every class and a common base', () => {
    const errors: LhcrClientError[] = [
      new ConfigError('config', 'x'),
      new NetworkError('x'),
      new TimeoutError('x', 1),
      new AbortedError('x'),
      new FhirResponseError('x'),
      new InternalError('x'),
      httpStatusError(request, 429, undefined, 1000),
    ];
    for (const error of errors) {
      expect(isLhcrClientError(error)).toBe(true);
      expect(CLIENT_ERROR_CODES).toContain(error.code);
      expect(error.name).toBe(error.constructor.name);
    }
    expect(isLhcrClientError(new Error('x'))).toBe(false);
  });

  it('names issue codes but never diagnostics', () => {
    const error = httpStatusError(
      request,
      422,
      {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'invariant', diagnostics: 'Testfamily is wrong' },
          { severity: 'error', code: 'invariant' },
        ],
      },
      undefined,
    );
    expect(error.message).toBe(
      `GET ${request.url} failed: the server replied 422 Unprocessable Content (OperationOutcome issue codes: invariant)`,
    );
    expect(statusText(418)).toBe('418');
  });
});
