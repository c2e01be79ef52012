import { describe, expect, it } from 'vitest';
import { redactHeaders, redactSecrets, redactSecretsInUrl } from './secrets';

const jwt = 'eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl';

describe('secret redaction', () => {
  it('redacts credential headers and JWTs in other headers', () => {
    const headers = new Headers({
      Authorization: 'Bearer abc',
      Cookie: 'session=1',
      apikey: 'key',
      'X-Other': `token ${jwt}`,
      Accept: 'application/fhir+json',
    });
    expect(redactHeaders(headers)).toEqual({
      authorization: '[redacted]',
      cookie: '[redacted]',
      apikey: '[redacted]',
      'x-other': 'token [redacted]',
      accept: 'application/fhir+json',
    });
  });

  it('redacts credential fields in JSON, forms and URLs', () => {
    expect(
      redactSecrets({
        access_token: 'abc',
        nested: [{ refresh_token: 'def', keep: 1 }],
        note: jwt,
      }),
    ).toEqual({
      access_token: '[redacted]',
      nested: [{ refresh_token: '[redacted]', keep: 1 }],
      note: '[redacted]',
    });
    expect(
      redactSecrets(`grant_type=client_credentials&client_assertion=${jwt}&scope=system%2F*.rs`),
    ).toBe('grant_type=client_credentials&client_assertion=[redacted]&scope=system%2F*.rs');
    expect(redactSecretsInUrl('https://x/cb?access_token=abc&state=1')).toBe(
      'https://x/cb?access_token=[redacted]&state=1',
    );
    expect(redactSecrets(undefined)).toBeUndefined();
  });
});
