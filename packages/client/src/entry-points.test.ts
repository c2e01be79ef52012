import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as client from './index';

const SOURCE = new URL('.', import.meta.url).pathname;

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry): Promise<string[]> => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    }),
  );
  return files.flat();
}

describe('entry points', () => {
  it('keeps Node built-ins out of the main entry (it must run in browsers)', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SOURCE)) {
      if (file.endsWith('node.ts')) continue;
      const text = await readFile(file, 'utf8');
      if (/from ['"]node:|require\(|\bprocess\.|\bBuffer\b/.test(text))
        offenders.push(relative(SOURCE, file));
    }
    expect(offenders).toEqual([]);
  });

  it('exports the public API', () => {
    expect(Object.keys(client).sort()).toMatchInlineSnapshot(`
      [
        "AbortedError",
        "AuthError",
        "BulkExportJob",
        "CLIENT_ASSERTION_ALGORITHMS",
        "CLIENT_ERROR_CODES",
        "ConfigError",
        "DEFAULT_PURPOSE_OF_USE_CLAIM",
        "DEFAULT_PURPOSE_OF_USE_HEADER",
        "FhirClient",
        "FhirResponseError",
        "FhirServerError",
        "InternalError",
        "LhcrClientError",
        "LimitExceededError",
        "NetworkError",
        "PURPOSE_OF_USE_CODES",
        "PURPOSE_OF_USE_SYSTEM",
        "REDACTED",
        "TimeoutError",
        "backoffDelay",
        "bearerToken",
        "createClientAssertion",
        "getResponseInfo",
        "importSigningKey",
        "isClientAssertionAlgorithm",
        "isLhcrClientError",
        "maskNhsNumbers",
        "parseBulkExportManifest",
        "parseRetryAfter",
        "redactExchange",
        "redactPatientData",
        "redactSearchUrl",
        "redactText",
        "redactUrl",
        "resolvePurposeOfUse",
        "resolveRetryOptions",
        "signJwt",
        "signedJwtClientCredentials",
        "toLhcrError",
      ]
    `);
  });
});
