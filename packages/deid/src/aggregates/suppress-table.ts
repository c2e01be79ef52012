import { DeidError } from '../errors';
import type { DeidPolicy } from '../policy/deid-policy';
import { variableRange } from './internal/linear-program';

/**
 * A small-number rule: the policy's `smallNumbers` (counts from `suppressFrom` to `suppressTo`
 * are suppressed, zero too when `includeZero`; the rest rounded to `rounding.base`, before or
 * after suppression is decided; secondary suppression always on).
 *
 * @see NHS-STANDARDS.md §5 (small-number policies)
 * @example
 * ```ts
 * const hes: SmallNumberRule = {
 *   suppressFrom: 1, suppressTo: 7, includeZero: false, symbol: '*',
 *   rounding: { base: 5, order: 'after-suppression' }, secondarySuppression: true,
 * };
 * ```
 */
export type SmallNumberRule = Pick<
  DeidPolicy['smallNumbers'],
  'suppressFrom' | 'suppressTo' | 'includeZero' | 'symbol' | 'rounding' | 'secondarySuppression'
>;

/**
 * One published figure: its value (`null` when suppressed), what to print, and (for the
 * publisher's own records, never to publish) why it was suppressed.
 *
 * @example
 * ```ts
 * const cell: PublishedCount = { value: null, display: '*', suppression: 'primary' };
 * ```
 */
export interface PublishedCount {
  readonly value: number | null;
  readonly display: string;
  readonly suppression?: 'primary' | 'secondary';
}

/**
 * A table of counts about people: `counts[row][column]`, with row and column labels.
 *
 * @example
 * ```ts
 * const table: CountTable = { rows: ['LS1', 'LS2'], columns: ['female', 'male'], counts: [[12, 3], [20, 25]] };
 * ```
 */
export interface CountTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly counts: readonly (readonly number[])[];
  /** Publish row totals, column totals and the grand total (default true). */
  readonly totals?: boolean;
}

/**
 * A table ready to publish, with the totals (computed from the true counts, then rounded and
 * suppressed like any other figure) and how many figures were suppressed.
 *
 * @example
 * ```ts
 * const published: PublishedTable = suppressTable(table, rule);
 * published.cells[0]?.[1]?.display; // '*'
 * ```
 */
export interface PublishedTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly PublishedCount[])[];
  readonly rowTotals?: readonly PublishedCount[];
  readonly columnTotals?: readonly PublishedCount[];
  readonly grandTotal?: PublishedCount;
  readonly primary: number;
  readonly secondary: number;
}

/**
 * A set of figures and the additive relations between them (each `total` is the sum of its
 * `parts`), for tables of any shape: hierarchies, several margins, one-way lists with a total.
 *
 * @example
 * ```ts
 * const figures: FigureSet = { values: [4, 9, 13], sums: [{ total: 2, parts: [0, 1] }] };
 * ```
 */
export interface FigureSet {
  readonly values: readonly number[];
  readonly sums: readonly { readonly total: number; readonly parts: readonly number[] }[];
}

function roundTo(value: number, base: number): number {
  return Math.round(value / base) * base;
}

function isPrimary(value: number, rule: SmallNumberRule): boolean {
  if (value === 0) return rule.includeZero || rule.suppressFrom <= 0;
  return value >= rule.suppressFrom && value <= rule.suppressTo;
}

function checkRule(rule: SmallNumberRule): void {
  if (!Number.isInteger(rule.suppressFrom) || !Number.isInteger(rule.suppressTo)) {
    throw new DeidError('config', 'smallNumbers: suppressFrom and suppressTo must be integers');
  }
  if (rule.suppressTo < rule.suppressFrom) {
    throw new DeidError('config', 'smallNumbers: suppressTo must be at least suppressFrom');
  }
  if (
    rule.rounding !== undefined &&
    !(Number.isInteger(rule.rounding.base) && rule.rounding.base >= 2)
  ) {
    throw new DeidError('config', 'smallNumbers.rounding.base must be an integer of 2 or more');
  }
}

/**
 * Which suppressed figures can be worked out exactly from the published ones: a linear
 * program per suppressed figure finds its least and greatest value given every published
 * figure, every sum, and what a reader knows of a suppressed figure (at least 1, or 0 when
 * zeros may be suppressed). A figure whose least and greatest agree is disclosed.
 *
 * @example
 * ```ts
 * disclosedFigures({ values: [4, 9, 13], sums: [{ total: 2, parts: [0, 1] }] }, [true, false, false], 0);
 * // [0]: the 4 is 13 - 9
 * ```
 */
export function disclosedFigures(
  figures: FigureSet,
  suppressed: readonly boolean[],
  lowerBound: number,
): number[] {
  const unknowns: number[] = [];
  const position = new Map<number, number>();
  suppressed.forEach((isSuppressed, index) => {
    if (isSuppressed) {
      position.set(index, unknowns.length);
      unknowns.push(index);
    }
  });
  if (unknowns.length === 0) return [];
  // Each sum: total - Σ parts = 0, over shifted unknowns y = x - lowerBound ≥ 0.
  const a: number[][] = [];
  const b: number[] = [];
  for (const sum of figures.sums) {
    const row = new Array<number>(unknowns.length).fill(0);
    let constant = 0;
    let touches = 0;
    for (const [index, sign] of [[sum.total, 1], ...sum.parts.map((part) => [part, -1])] as [
      number,
      number,
    ][]) {
      const at = position.get(index);
      if (at === undefined) constant += sign * (figures.values[index] ?? 0);
      else {
        row[at] = (row[at] ?? 0) + sign;
        constant += sign * lowerBound;
        touches += 1;
      }
    }
    if (touches === 0) continue;
    a.push(row);
    b.push(-constant);
  }
  const disclosed: number[] = [];
  unknowns.forEach((index, at) => {
    const range = variableRange(a, b, unknowns.length, at);
    if (range.min !== undefined && range.max !== undefined && range.max - range.min < 0.5) {
      disclosed.push(index);
    }
  });
  return disclosed;
}

/**
 * Applies a small-number rule to a set of figures with additive relations: primary suppression
 * of small values, then secondary suppression until no suppressed figure can be worked out
 * exactly from the published ones (see {@link disclosedFigures}); each round suppresses one
 * more published figure sharing a sum with a disclosed one: a cell before a total, one that
 * closes a cycle of hidden figures before one that does not, the smallest first, a zero only
 * when zeros may be suppressed. Published figures are rounded as the rule says.
 *
 * @see NHS-STANDARDS.md §5 (mandatory secondary suppression: no recovery from margins)
 * @example
 * ```ts
 * suppressFigures({ values: [4, 9, 13], sums: [{ total: 2, parts: [0, 1] }] }, rule).map((f) => f.display);
 * // ['*', '*', '15']
 * ```
 */
export function suppressFigures(figures: FigureSet, rule: SmallNumberRule): PublishedCount[] {
  checkRule(rule);
  const base = rule.rounding?.base;
  const before = rule.rounding?.order === 'before-suppression' && base !== undefined;
  const values = figures.values.map((value) => {
    if (!Number.isInteger(value) || value < 0) {
      throw new DeidError('config', 'counts must be whole numbers of 0 or more');
    }
    return before ? roundTo(value, base) : value;
  });
  const primary = values.map((value) => isPrimary(value, rule));
  const suppressed = [...primary];
  const zerosHidden = rule.includeZero || rule.suppressFrom <= 0;
  const lowerBound = zerosHidden ? 0 : 1;
  const working: FigureSet = { values, sums: figures.sums };
  const totals = new Set(figures.sums.map((sum) => sum.total));
  for (let round = 0; round <= values.length; round += 1) {
    const disclosed = disclosedFigures(working, suppressed, lowerBound);
    if (disclosed.length === 0) break;
    const candidates = new Set<number>();
    for (const index of disclosed) {
      for (const sum of figures.sums) {
        const members = [sum.total, ...sum.parts];
        if (!members.includes(index)) continue;
        for (const member of members) if (!suppressed[member]) candidates.add(member);
      }
    }
    if (candidates.size === 0) {
      // Every figure sharing a sum with a disclosed one is hidden already: widen to any sum.
      for (const sum of figures.sums) {
        for (const member of [sum.total, ...sum.parts])
          if (!suppressed[member]) candidates.add(member);
      }
    }
    const usable = [...candidates].filter((index) => zerosHidden || values[index] !== 0);
    const pool = usable.length > 0 ? usable : [...candidates];
    if (pool.length === 0) break;
    // Cells before totals (a hidden total removes a relation from several sums); then figures
    // whose other sums already hide something (they close a cycle of hidden figures, which
    // no sum can resolve); then the smallest, so the least information is lost.
    const links = (index: number): number =>
      figures.sums.filter(
        (sum) =>
          [sum.total, ...sum.parts].includes(index) &&
          [sum.total, ...sum.parts].some((member) => member !== index && suppressed[member]),
      ).length;
    pool.sort(
      (x, y) =>
        Number(totals.has(x)) - Number(totals.has(y)) ||
        links(y) - links(x) ||
        (values[x] ?? 0) - (values[y] ?? 0) ||
        x - y,
    );
    suppressed[pool[0] as number] = true;
  }
  return values.map((value, index) => {
    if (suppressed[index]) {
      return {
        value: null,
        display: rule.symbol,
        suppression: primary[index] ? ('primary' as const) : ('secondary' as const),
      };
    }
    const shown = base !== undefined && !before ? roundTo(value, base) : value;
    return { value: shown, display: String(shown) };
  });
}

/**
 * Applies a small-number rule to a two-way table of counts about people, with its row totals,
 * column totals and grand total (computed from the true counts): primary suppression,
 * secondary suppression so that no suppressed cell or total can be recovered exactly from the
 * published figures, then rounding. For a one-way list, pass one column.
 *
 * @see NHS-STANDARDS.md §5; HES/ECDS disclosure control (counts 1-7 suppressed, others rounded to 5)
 * @example
 * ```ts
 * const published = suppressTable(
 *   { rows: ['LS1', 'LS2'], columns: ['female', 'male'], counts: [[12, 3], [20, 25]] },
 *   policy.smallNumbers,
 * );
 * published.cells.map((row) => row.map((cell) => cell.display)); // [['*', '*'], ['*', '*']] or similar
 * ```
 */
export function suppressTable(table: CountTable, rule: SmallNumberRule): PublishedTable {
  const rowsCount = table.rows.length;
  const columnsCount = table.columns.length;
  if (
    table.counts.length !== rowsCount ||
    table.counts.some((row) => row.length !== columnsCount)
  ) {
    throw new DeidError(
      'config',
      `counts must be ${String(rowsCount)} rows of ${String(columnsCount)} columns, matching the labels`,
    );
  }
  const totals = table.totals ?? true;
  const values: number[] = [];
  const cell = (r: number, c: number): number => r * columnsCount + c;
  for (const row of table.counts) values.push(...row);
  const sums: { total: number; parts: number[] }[] = [];
  let rowTotal = -1;
  let columnTotal = -1;
  let grand = -1;
  if (totals) {
    rowTotal = values.length;
    for (let r = 0; r < rowsCount; r += 1) {
      const parts = Array.from({ length: columnsCount }, (_, c) => cell(r, c));
      values.push(parts.reduce((sum, part) => sum + (values[part] ?? 0), 0));
      sums.push({ total: rowTotal + r, parts });
    }
    columnTotal = values.length;
    for (let c = 0; c < columnsCount; c += 1) {
      const parts = Array.from({ length: rowsCount }, (_, r) => cell(r, c));
      values.push(parts.reduce((sum, part) => sum + (values[part] ?? 0), 0));
      sums.push({ total: columnTotal + c, parts });
    }
    grand = values.length;
    values.push(table.counts.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0));
    sums.push({ total: grand, parts: Array.from({ length: rowsCount }, (_, r) => rowTotal + r) });
    sums.push({
      total: grand,
      parts: Array.from({ length: columnsCount }, (_, c) => columnTotal + c),
    });
  }
  const published = suppressFigures({ values, sums }, rule);
  const at = (index: number): PublishedCount => published[index] as PublishedCount;
  const cells = table.counts.map((row, r) => row.map((_, c) => at(cell(r, c))));
  const primaryCount = published.filter((figure) => figure.suppression === 'primary').length;
  const secondaryCount = published.filter((figure) => figure.suppression === 'secondary').length;
  return {
    rows: table.rows,
    columns: table.columns,
    cells,
    ...(totals
      ? {
          rowTotals: table.rows.map((_, r) => at(rowTotal + r)),
          columnTotals: table.columns.map((_, c) => at(columnTotal + c)),
          grandTotal: at(grand),
        }
      : {}),
    primary: primaryCount,
    secondary: secondaryCount,
  };
}

/**
 * A one-way list of counts ready to publish, with its total.
 *
 * @example
 * ```ts
 * const published: PublishedList = suppressCounts([3, 10, 20], rule);
 * published.cells.map((cell) => cell.display); // ['*', '*', '20']
 * ```
 */
export interface PublishedList {
  readonly cells: readonly PublishedCount[];
  readonly total?: PublishedCount;
  readonly primary: number;
  readonly secondary: number;
}

/**
 * Applies a small-number rule to a one-way list of counts about people and its total (computed
 * from the true counts; `total: false` to publish none): primary suppression, secondary
 * suppression so the total cannot give a suppressed count back, then rounding.
 *
 * @example
 * ```ts
 * suppressCounts([3, 10, 20], policy.smallNumbers).cells.map((cell) => cell.display); // ['*', '*', '20']
 * ```
 */
export function suppressCounts(
  counts: readonly number[],
  rule: SmallNumberRule,
  options: { readonly total?: boolean } = {},
): PublishedList {
  const withTotal = options.total ?? true;
  const values = [...counts];
  const sums: { total: number; parts: number[] }[] = [];
  if (withTotal) {
    values.push(counts.reduce((sum, value) => sum + value, 0));
    sums.push({ total: counts.length, parts: counts.map((_, index) => index) });
  }
  const published = suppressFigures({ values, sums }, rule);
  return {
    cells: published.slice(0, counts.length),
    ...(withTotal ? { total: published[counts.length] as PublishedCount } : {}),
    primary: published.filter((figure) => figure.suppression === 'primary').length,
    secondary: published.filter((figure) => figure.suppression === 'secondary').length,
  };
}

/**
 * A percentage worked out from published (rounded) figures, as the policy's
 * `percentagesFromRounded` asks; `null` when either figure is suppressed or the whole is 0.
 *
 * @example
 * ```ts
 * publishedPercentage({ value: 15, display: '15' }, { value: 60, display: '60' }); // 25
 * ```
 */
export function publishedPercentage(part: PublishedCount, whole: PublishedCount): number | null {
  if (part.value === null || whole.value === null || whole.value === 0) return null;
  return (part.value / whole.value) * 100;
}
