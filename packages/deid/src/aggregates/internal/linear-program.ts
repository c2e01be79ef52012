/**
 * A small dense simplex solver (two phases, Bland's rule) for the disclosure audit of published
 * tables: over `x ≥ 0` with `A x = b`, the least and greatest value of one variable. Tables are
 * small (dozens of cells), so a dense tableau is plenty.
 */

const EPS = 1e-9;

/** The outcome of one optimisation. */
export type LpOutcome =
  | { readonly kind: 'optimal'; readonly value: number }
  | { readonly kind: 'unbounded' }
  | { readonly kind: 'infeasible' };

interface Tableau {
  /** rows × (columns + 1); the last column is the right-hand side. */
  readonly rows: number[][];
  /** The basic column of each row. */
  readonly basis: number[];
  readonly columns: number;
}

function pivot(tableau: Tableau, objective: number[], row: number, column: number): void {
  const pivotRow = tableau.rows[row] as number[];
  const factor = pivotRow[column] as number;
  for (let c = 0; c <= tableau.columns; c += 1) pivotRow[c] = (pivotRow[c] as number) / factor;
  for (let r = 0; r < tableau.rows.length; r += 1) {
    if (r === row) continue;
    const current = tableau.rows[r] as number[];
    const multiple = current[column] as number;
    if (Math.abs(multiple) < EPS) continue;
    for (let c = 0; c <= tableau.columns; c += 1) {
      current[c] = (current[c] as number) - multiple * (pivotRow[c] as number);
    }
  }
  const multiple = objective[column] as number;
  if (Math.abs(multiple) >= EPS) {
    for (let c = 0; c <= tableau.columns; c += 1) {
      objective[c] = (objective[c] as number) - multiple * (pivotRow[c] as number);
    }
  }
  tableau.basis[row] = column;
}

/**
 * Minimises `objective · x` (reduced: the last entry is minus the current value) over the
 * tableau, entering only columns allowed by `allowed`. Returns false when unbounded.
 */
function run(tableau: Tableau, objective: number[], allowed: (column: number) => boolean): boolean {
  for (let iteration = 0; iteration < 10_000; iteration += 1) {
    let entering = -1;
    for (let c = 0; c < tableau.columns; c += 1) {
      if (allowed(c) && (objective[c] as number) < -EPS) {
        entering = c;
        break;
      }
    }
    if (entering < 0) return true;
    let leaving = -1;
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < tableau.rows.length; r += 1) {
      const row = tableau.rows[r] as number[];
      const coefficient = row[entering] as number;
      if (coefficient > EPS) {
        const ratio = (row[tableau.columns] as number) / coefficient;
        if (
          ratio < best - EPS ||
          (Math.abs(ratio - best) <= EPS &&
            (tableau.basis[r] as number) < (tableau.basis[leaving] ?? Infinity))
        ) {
          best = ratio;
          leaving = r;
        }
      }
    }
    if (leaving < 0) return false;
    pivot(tableau, objective, leaving, entering);
  }
  return true;
}

/**
 * The least and greatest values of `x[target]` over `x ≥ 0, A x = b` (`A` as rows of
 * coefficients over `n` variables). `min`/`max` are `undefined` when the problem is infeasible;
 * `max` is `Infinity` when unbounded.
 */
export function variableRange(
  a: readonly (readonly number[])[],
  b: readonly number[],
  n: number,
  target: number,
): { readonly min: number | undefined; readonly max: number | undefined } {
  const lo = optimise(a, b, n, target, 1);
  if (lo.kind === 'infeasible') return { min: undefined, max: undefined };
  const hi = optimise(a, b, n, target, -1);
  return {
    min: lo.kind === 'optimal' ? lo.value : Number.NEGATIVE_INFINITY,
    max: hi.kind === 'optimal' ? -hi.value : Number.POSITIVE_INFINITY,
  };
}

/** Minimises `sign · x[target]` over `x ≥ 0, A x = b`. */
export function optimise(
  a: readonly (readonly number[])[],
  b: readonly number[],
  n: number,
  target: number,
  sign: 1 | -1,
): LpOutcome {
  const m = a.length;
  const columns = n + m;
  const rows: number[][] = [];
  for (let r = 0; r < m; r += 1) {
    const flip = (b[r] ?? 0) < 0 ? -1 : 1;
    const row = new Array<number>(columns + 1).fill(0);
    for (let c = 0; c < n; c += 1) row[c] = flip * (a[r]?.[c] ?? 0);
    row[n + r] = 1;
    row[columns] = flip * (b[r] ?? 0);
    rows.push(row);
  }
  const tableau: Tableau = { rows, basis: rows.map((_, r) => n + r), columns };
  // Phase 1: minimise the sum of the artificial variables.
  const phase1 = new Array<number>(columns + 1).fill(0);
  for (let r = 0; r < m; r += 1) {
    const row = rows[r] as number[];
    for (let c = 0; c < n; c += 1) phase1[c] = (phase1[c] as number) - (row[c] as number);
    phase1[columns] = (phase1[columns] as number) - (row[columns] as number);
  }
  run(tableau, phase1, () => true);
  if (-(phase1[columns] as number) > 1e-7) return { kind: 'infeasible' };
  // Drive artificial variables out of the basis; drop rows that are redundant.
  for (let r = rows.length - 1; r >= 0; r -= 1) {
    if ((tableau.basis[r] as number) < n) continue;
    const row = rows[r] as number[];
    let column = -1;
    for (let c = 0; c < n; c += 1) {
      if (Math.abs(row[c] as number) > EPS) {
        column = c;
        break;
      }
    }
    if (column >= 0) pivot(tableau, phase1, r, column);
    else {
      rows.splice(r, 1);
      tableau.basis.splice(r, 1);
    }
  }
  // Phase 2: the objective, expressed in the non-basic variables.
  const objective = new Array<number>(columns + 1).fill(0);
  objective[target] = sign;
  for (let r = 0; r < rows.length; r += 1) {
    const basic = tableau.basis[r] as number;
    const coefficient = objective[basic] as number;
    if (Math.abs(coefficient) < EPS) continue;
    const row = rows[r] as number[];
    for (let c = 0; c <= columns; c += 1) {
      objective[c] = (objective[c] as number) - coefficient * (row[c] as number);
    }
  }
  const bounded = run(tableau, objective, (column) => column < n);
  if (!bounded) return { kind: 'unbounded' };
  return { kind: 'optimal', value: -(objective[columns] as number) };
}
