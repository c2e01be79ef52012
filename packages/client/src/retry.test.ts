import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import { backoffDelay, parseRetryAfter, resolveRetryOptions } from './retry';

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:27:00 GMT');

  it.each([
    ['0', 0],
    ['2', 2000],
    [' 15 ', 15_000],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 60_000],
    ['Wed, 21 Oct 2015 07:26:00 GMT', 0],
  ])('reads %j as %d ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([null, undefined, '', '-1', '1.5', 'soon', '12abc'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000 });

  it('doubles per retry, jittered between half and all, capped', () => {
    expect(backoffDelay(options, 1, () => 0)).toBe(50);
    expect(backoffDelay(options, 1, () => 1)).toBe(100);
    expect(backoffDelay(options, 3, () => 0.5)).toBe(300);
    expect(backoffDelay(options, 10, () => 1)).toBe(1000);
    expect(backoffDelay(options, 2, () => 7)).toBe(200);
  });
});

describe('resolveRetryOptions', () => {
  it('applies defaults', () => {
    expect(resolveRetryOptions()).toEqual({
      maxAttempts: 3,
      baseDelayMs: 250,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
      statuses: new Set([429, 503]),
    });
  });

  it.each([
    [{ maxAttempts: 0 }],
    [{ maxAttempts: 1.5 }],
    [{ maxAttempts: 11 }],
    [{ baseDelayMs: -1 }],
    [{ maxDelayMs: Number.NaN }],
    [{ statuses: [200] }],
  ])('rejects %j', (options) => {
    expect(() => resolveRetryOptions(options)).toThrow(ConfigError);
  });
});
