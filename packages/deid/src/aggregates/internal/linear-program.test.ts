import { describe, expect, it } from 'vitest';
import { optimise, variableRange } from './linear-program';

describe('the small simplex solver', () => {
  it('finds the range of a variable under sums (x0 + x1 = 10, x1 + x2 = 4)', () => {
    const a = [
      [1, 1, 0],
      [0, 1, 1],
    ];
    expect(variableRange(a, [10, 4], 3, 0)).toEqual({ min: 6, max: 10 });
    const range = variableRange(a, [10, 4], 3, 2);
    expect(range.min).toBeCloseTo(0);
    expect(range.max).toBeCloseTo(4);
  });

  it('reports a variable pinned by redundant sums', () => {
    // x0 + x1 = 5 twice, and x1 = 5: x0 is exactly 0.
    const range = variableRange(
      [
        [1, 1],
        [1, 1],
        [0, 1],
      ],
      [5, 5, 5],
      2,
      0,
    );
    expect(range.min).toBeCloseTo(0);
    expect(range.max).toBeCloseTo(0);
  });

  it('tells unbounded and infeasible problems apart', () => {
    expect(optimise([[1, -1]], [0], 2, 0, -1)).toEqual({ kind: 'unbounded' });
    expect(optimise([[1, 1]], [-3], 2, 0, 1)).toEqual({ kind: 'infeasible' });
    expect(variableRange([[1, 1]], [-3], 2, 0)).toEqual({ min: undefined, max: undefined });
  });
});
