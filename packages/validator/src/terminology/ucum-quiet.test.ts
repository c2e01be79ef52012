import { describe, expect, it, vi } from 'vitest';
import { setUcumLoader, ucumProblem } from './ucum';

// The UCUM library logs the code it was given when its parser throws; the CLI's stdout carries
// JSON, so nothing may reach the console. A stand-in library that does just that.
describe('ucumProblem with a library that logs and throws', () => {
  it('keeps the console quiet and counts the code as not valid', () => {
    setUcumLoader(() => ({
      validateUnitString(code: string): { status: 'valid' | 'invalid' | 'error' } {
        console.log(`request unsuccessful for ${code}`);
        if (code === 'boom') throw new Error('Maximum call stack size exceeded');
        return { status: code === 'mg' ? 'valid' : 'invalid' };
      },
    }));
    const log = vi.spyOn(console, 'log');
    expect(ucumProblem('mg')).toBeUndefined();
    expect(ucumProblem('boom')).toBe("'boom' is not a valid UCUM unit code");
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
