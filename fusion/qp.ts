import { solveQP } from 'quadprog';
import { NonRetryableError } from '../core/errors.js';

/** One linear constraint aᵀx ≥ b (or = b when `equal`). */
export interface Constraint {
  a: number[];
  b: number;
  equal?: boolean;
}

/**
 * Minimises ½ xᵀQx − cᵀx subject to linear constraints, with quadprog (the R package's Goldfarb–Idnani dual
 * method, ported to JavaScript). Q must be symmetric positive definite. This wrapper only translates to the
 * solver's 1-based, column-per-constraint layout.
 * @throws NonRetryableError when the constraints are inconsistent or Q is not positive definite.
 */
export function minimiseQuadratic(Q: number[][], c: number[], constraints: Constraint[]): number[] {
  const n = c.length;
  const ordered = [...constraints.filter((k) => k.equal), ...constraints.filter((k) => !k.equal)];
  const D: number[][] = [[]];
  const A: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    D.push([0, ...Q[i]]);
    A.push([0, ...ordered.map((k) => k.a[i])]);
  }
  const r = solveQP(D, [0, ...c], A, [0, ...ordered.map((k) => k.b)], ordered.filter((k) => k.equal).length);
  if (r.message) throw new NonRetryableError(`portfolio optimisation failed: ${r.message}`);
  return r.solution.slice(1);
}
