import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  disclosedFigures,
  publishedPercentage,
  suppressCounts,
  suppressTable,
} from './suppress-table';
import type { PublishedCount, SmallNumberRule } from './suppress-table';

/** HES/ECDS style: counts 1-7 suppressed, the rest rounded to the nearest 5. */
const hes: SmallNumberRule = {
  suppressFrom: 1,
  suppressTo: 7,
  includeZero: false,
  symbol: '*',
  rounding: { base: 5, order: 'after-suppression' },
  secondarySuppression: true,
};
/** "Rule of 10", zeros suppressed too, no rounding. */
const ruleOf10: SmallNumberRule = {
  suppressFrom: 1,
  suppressTo: 9,
  includeZero: true,
  symbol: '[c]',
  secondarySuppression: true,
};

const shown = (cells: readonly PublishedCount[]): string[] => cells.map((cell) => cell.display);

describe('small-number suppression, on tables with known answers', () => {
  it('2×2 with margins: one small cell takes its rectangle with it; totals stay', () => {
    //          F   M  | total
    //   LS1   12   3  |  15
    //   LS2   20  25  |  45
    //   total 32  28  |  60
    const table = suppressTable(
      {
        rows: ['LS1', 'LS2'],
        columns: ['F', 'M'],
        counts: [
          [12, 3],
          [20, 25],
        ],
      },
      hes,
    );
    expect(table.cells.map(shown)).toEqual([
      ['*', '*'],
      ['*', '*'],
    ]);
    expect(table.cells[0]?.[1]?.suppression).toBe('primary');
    expect(table.cells[0]?.[0]?.suppression).toBe('secondary');
    expect(shown(table.rowTotals ?? [])).toEqual(['15', '45']);
    expect(shown(table.columnTotals ?? [])).toEqual(['30', '30']);
    expect(table.grandTotal?.display).toBe('60');
    expect([table.primary, table.secondary]).toEqual([1, 3]);
  });

  it('3×3 with margins: the secondary cells close a cycle through other small cells', () => {
    //        a   b   c  | total
    //   r1  40   5  30  |  75
    //   r2  20  50   6  |  76
    //   r3  33  44  55  | 132
    const table = suppressTable(
      {
        rows: ['r1', 'r2', 'r3'],
        columns: ['a', 'b', 'c'],
        counts: [
          [40, 5, 30],
          [20, 50, 6],
          [33, 44, 55],
        ],
      },
      hes,
    );
    expect(table.cells.map(shown)).toEqual([
      ['40', '*', '*'],
      ['20', '*', '*'],
      ['35', '45', '55'],
    ]);
    expect([table.primary, table.secondary]).toEqual([2, 2]);
  });

  it('a list and its total: the smallest other count is hidden too', () => {
    const list = suppressCounts([3, 10, 20], hes);
    expect(shown(list.cells)).toEqual(['*', '*', '20']);
    expect(list.total?.display).toBe('35');
    expect(list.cells.map((cell) => cell.suppression)).toEqual(['primary', 'secondary', undefined]);
  });

  it('bounds count: two hidden 1s beside a total that leaves 2 would both be known', () => {
    // 32 - 30 = 2, and each hidden count is at least 1: both are exactly 1 unless 30 goes too.
    const list = suppressCounts([1, 1, 30], hes);
    expect(shown(list.cells)).toEqual(['*', '*', '*']);
    expect(list.total?.display).toBe('30');
  });

  it('zero handling: suppressed zeros are hidden like other small counts', () => {
    const list = suppressCounts([0, 10, 12], ruleOf10);
    expect(shown(list.cells)).toEqual(['[c]', '[c]', '12']);
    expect(list.total?.display).toBe('22');
    const zerosShown = suppressCounts([0, 10, 12], { ...ruleOf10, includeZero: false });
    expect(shown(zerosShown.cells)).toEqual(['0', '10', '12']);
  });

  it('rounding before suppression suppresses what rounds into the range', () => {
    const list = suppressCounts(
      [3, 12, 51],
      { ...hes, rounding: { base: 5, order: 'before-suppression' } },
      { total: false },
    );
    // 3 → 5 (suppressed), 12 → 10, 51 → 50.
    expect(shown(list.cells)).toEqual(['*', '10', '50']);
  });

  it('publishes nothing to hide when no count is small, and rounds to the base', () => {
    const table = suppressTable({ rows: ['x'], columns: ['a', 'b'], counts: [[12, 23]] }, hes);
    expect(table.cells.map(shown)).toEqual([['10', '25']]);
    expect([table.primary, table.secondary]).toEqual([0, 0]);
    expect(
      publishedPercentage(
        table.cells[0]?.[0] as PublishedCount,
        table.grandTotal as PublishedCount,
      ),
    ).toBeCloseTo(28.571, 2);
    expect(
      publishedPercentage({ value: null, display: '*' }, table.grandTotal as PublishedCount),
    ).toBeNull();
  });

  it('finds exactly the figures a reader can work out', () => {
    expect(
      disclosedFigures(
        { values: [4, 9, 13], sums: [{ total: 2, parts: [0, 1] }] },
        [true, false, false],
        1,
      ),
    ).toEqual([0]);
    expect(
      disclosedFigures(
        { values: [4, 9, 13], sums: [{ total: 2, parts: [0, 1] }] },
        [true, true, false],
        1,
      ),
    ).toEqual([]);
    expect(
      disclosedFigures(
        { values: [4, 9, 13], sums: [{ total: 2, parts: [0, 1] }] },
        [true, true, true],
        1,
      ),
    ).toEqual([]);
  });

  it('refuses counts that are not whole numbers, and tables that do not match their labels', () => {
    expect(() => suppressCounts([1.5], hes)).toThrow(/whole numbers/);
    expect(() => suppressCounts([-1], hes)).toThrow(/whole numbers/);
    expect(() => suppressTable({ rows: ['a'], columns: ['x', 'y'], counts: [[1]] }, hes)).toThrow(
      /1 rows of 2 columns/,
    );
    expect(() => suppressCounts([1], { ...hes, suppressFrom: 5, suppressTo: 2 })).toThrow(
      /at least suppressFrom/,
    );
  });
});

/**
 * Every completion of the hidden cells that a reader cannot rule out: each hidden cell and
 * hidden total is at least `low`, every published figure matches.
 */
function feasibleValues(
  counts: readonly (readonly number[])[],
  cells: readonly (readonly PublishedCount[])[],
  rowTotals: readonly PublishedCount[],
  columnTotals: readonly PublishedCount[],
  grand: PublishedCount,
  low: number,
): Map<string, Set<number>> {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  const max = counts.flat().reduce((a, b) => a + b, 0) + 5;
  const bound = (r: number, c: number): number =>
    Math.min(rowTotals[r]?.value ?? max, columnTotals[c]?.value ?? max, grand.value ?? max);
  const hidden: [number, number][] = [];
  for (let r = 0; r < rows; r += 1)
    for (let c = 0; c < columns; c += 1) if (cells[r]?.[c]?.value === null) hidden.push([r, c]);
  const values = new Map<string, Set<number>>();
  const note = (name: string, value: number): void => {
    const set = values.get(name) ?? new Set<number>();
    set.add(value);
    values.set(name, set);
  };
  const grid = counts.map((row, r) =>
    row.map((value, c) => (cells[r]?.[c]?.value === null ? 0 : value)),
  );
  const check = (): void => {
    const rowSums = grid.map((row) => row.reduce((a, b) => a + b, 0));
    const columnSums = Array.from({ length: columns }, (_, c) =>
      grid.reduce((sum, row) => sum + (row[c] ?? 0), 0),
    );
    const total = rowSums.reduce((a, b) => a + b, 0);
    const fits = (published: PublishedCount, value: number): boolean =>
      published.value === null ? value >= low : published.value === value;
    if (!rowSums.every((value, r) => fits(rowTotals[r] as PublishedCount, value))) return;
    if (!columnSums.every((value, c) => fits(columnTotals[c] as PublishedCount, value))) return;
    if (!fits(grand, total)) return;
    for (const [r, c] of hidden) note(`cell ${String(r)},${String(c)}`, grid[r]?.[c] ?? 0);
    rowSums.forEach((value, r) => {
      if (rowTotals[r]?.value === null) note(`row ${String(r)}`, value);
    });
    columnSums.forEach((value, c) => {
      if (columnTotals[c]?.value === null) note(`column ${String(c)}`, value);
    });
    if (grand.value === null) note('grand', total);
  };
  const walk = (index: number): void => {
    const at = hidden[index];
    if (at === undefined) {
      check();
      return;
    }
    for (let value = low; value <= bound(at[0], at[1]); value += 1) {
      (grid[at[0]] as number[])[at[1]] = value;
      walk(index + 1);
    }
  };
  walk(0);
  return values;
}

const smallTable = fc
  .record({ rows: fc.integer({ min: 1, max: 3 }), columns: fc.integer({ min: 2, max: 3 }) })
  .chain(({ rows, columns }) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: columns, maxLength: columns }), {
      minLength: rows,
      maxLength: rows,
    }),
  );

describe('secondary suppression, proved by enumeration', () => {
  test.prop([smallTable, fc.boolean()], { numRuns: 60, timeout: 60_000 })(
    'no hidden cell or total can be worked out from the margins: each has at least two possible values',
    (counts, includeZero) => {
      fc.pre(counts.flat().filter((value) => value > 0 && value <= 3).length <= 4);
      const rule: SmallNumberRule = {
        suppressFrom: 1,
        suppressTo: 3,
        includeZero,
        symbol: '*',
        secondarySuppression: true,
      };
      const table = suppressTable(
        {
          rows: counts.map((_, r) => `r${String(r)}`),
          columns: (counts[0] ?? []).map((_, c) => `c${String(c)}`),
          counts,
        },
        rule,
      );
      const hiddenCells = table.cells.flat().filter((cell) => cell.value === null).length;
      fc.pre(hiddenCells <= 4);
      const feasible = feasibleValues(
        counts,
        table.cells,
        table.rowTotals ?? [],
        table.columnTotals ?? [],
        table.grandTotal as PublishedCount,
        includeZero ? 0 : 1,
      );
      for (const [name, values] of feasible) {
        expect({ name, possible: values.size > 1 }).toEqual({ name, possible: true });
      }
      // Every count 1-3 is hidden (and zero, when zeros are suppressed).
      const small = counts.flatMap((row, r) =>
        row.flatMap((value, c) =>
          (value >= 1 && value <= 3) || (includeZero && value === 0)
            ? [table.cells[r]?.[c]?.value]
            : [],
        ),
      );
      expect(small.every((value) => value === null)).toBe(true);
    },
  );
});
