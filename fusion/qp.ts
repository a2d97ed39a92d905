import highsModule from 'highs';
import { NonRetryableError } from '../core/errors.js';

/** One linear constraint aᵀx ≥ b (or = b when `equal`). */
export interface Constraint {
  a: number[];
  b: number;
  equal?: boolean;
}

/** Lower and upper bounds per variable (±Infinity where unbounded). @default every variable free */
export interface Bounds {
  lower: number[];
  upper: number[];
}

// The package's types describe its ES module's default export, which TypeScript reads as CommonJS.
const loadHighs = highsModule as unknown as typeof highsModule.default;
// HiGHS is WebAssembly: compiled once per process, when this module is first imported.
const highs = await loadHighs();
const OPTIMAL = highs.constants?.modelStatus?.optimal ?? 7;

// HiGHS adds qp_regularization_value (1e-7) to the Hessian's diagonal. Covariances of daily returns are about
// 1e-4, so at that size the regularisation would move the weights by about 1e-4 of their size. The objective is
// scaled so that the Hessian's mean diagonal is 1 (the minimiser is unchanged), and the regularisation is set
// far below that.
const REGULARISATION = 1e-12;

/**
 * Minimises ½ xᵀQx − cᵀx subject to linear constraints and bounds, with HiGHS (the University of Edinburgh's
 * LP/QP solver, compiled to WebAssembly; its primal active-set method for convex QP). Q must be symmetric
 * positive semidefinite. Bounds are passed as bounds, not as constraints, which is what keeps a long-short book
 * of 88 names fast (docs/benchmarks.md). This wrapper only translates to HiGHS's compressed-column layout.
 * @throws NonRetryableError when the problem is infeasible or the solver does not reach an optimum.
 */
export function minimiseQuadratic(Q: number[][], c: number[], constraints: Constraint[], bounds?: Bounds): number[] {
  const n = c.length;
  const diagonal = Q.reduce((a, r, i) => a + Math.abs(r[i]), 0);
  const scale = diagonal > 0 ? n / diagonal : 1;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    constraints.forEach((k, row) => {
      if (k.a[j] !== 0) {
        indices.push(row);
        values.push(k.a[j]);
      }
    });
    starts.push(indices.length);
  }
  // The lower triangle, column by column.
  const hStarts = [0];
  const hIndices: number[] = [];
  const hValues: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      if (Q[i][j] !== 0) {
        hIndices.push(i);
        hValues.push(Q[i][j] * scale);
      }
    }
    hStarts.push(hIndices.length);
  }
  const numRows = constraints.length;
  const model = highs.createModel({
    numCols: n,
    numRows,
    colCost: c.map((v) => -v * scale),
    colLower: bounds?.lower ?? new Array(n).fill(-Infinity),
    colUpper: bounds?.upper ?? new Array(n).fill(Infinity),
    rowLower: constraints.map((k) => k.b),
    rowUpper: constraints.map((k) => (k.equal ? k.b : Infinity)),
    matrix: { format: 'csc', numRows, numCols: n, starts, indices, values },
    hessian: { format: 'triangular', dimension: n, starts: hStarts, indices: hIndices, values: hValues },
  });
  try {
    model.options.set({ output_flag: false, qp_regularization_value: REGULARISATION });
    model.run();
    const status = model.getModelStatus();
    if (status !== OPTIMAL)
      throw new NonRetryableError(`portfolio optimisation failed: HiGHS model status ${status} (not optimal)`);
    return [...model.getSolution().colValue];
  } finally {
    model.dispose();
  }
}
