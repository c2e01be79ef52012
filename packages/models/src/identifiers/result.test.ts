import { describe, expect, it } from 'vitest';
import { IDENTIFIER_ERROR_CODES, IdentifierError } from './result';

describe('IdentifierError', () => {
  it('is an Error named IdentifierError with a code', () => {
    const error = new IdentifierError('length', 'NHS number must have 10 digits; found 9');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('IdentifierError');
    expect(error.code).toBe('length');
    expect(error.message).toBe('NHS number must have 10 digits; found 9');
  });
});

describe('IDENTIFIER_ERROR_CODES', () => {
  it('lists each code once', () => {
    expect(new Set(IDENTIFIER_ERROR_CODES).size).toBe(IDENTIFIER_ERROR_CODES.length);
  });
});
