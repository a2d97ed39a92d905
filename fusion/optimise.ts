import { type Constraint, minimiseQuadratic } from './qp.js';

export type PortfolioMethod = 'long-only' | 'long-short';

export interface OptimiseOptions {
  /** Risk aversion λ in ½ λ wᵀΣw − μᵀw. @default 10 */
  lambda?: number;
  /** Largest |weight| of one name. @default 0.1 */
  cap?: number;
  /** Long-short only: largest gross exposure Σ|w|. @default 2 */
  gross?: number;
}

/**
 * Mean-variance weights: minimise ½ λ wᵀΣw − μᵀw (unconstrained: w = Σ⁻¹μ / λ) subject to
 * - long-only: Σw = 1 and 0 ≤ w ≤ cap (bounds);
 * - long-short: Σw = 0 (dollar-neutral), |w| ≤ cap (bounds) and Σ|w| ≤ gross, with one auxiliary t ≥ |w| per
 *   name (t − w ≥ 0, t + w ≥ 0, Σt ≤ gross): the Hessian stays λΣ on w and zero on t, which HiGHS takes as
 *   it is.
 */
export function optimiseWeights(
  sigma: number[][],
  mu: number[],
  method: PortfolioMethod,
  options: OptimiseOptions = {},
): number[] {
  const n = mu.length;
  const lambda = options.lambda ?? 10;
  const cap = options.cap ?? 0.1;
  const filled = (size: number, v: number) => new Array<number>(size).fill(v);
  if (method === 'long-only') {
    if (cap * n < 1 - 1e-12) throw new RangeError(`cap ${cap} cannot hold a fully invested book of ${n} names`);
    const Q = sigma.map((r) => r.map((v) => lambda * v));
    const constraints: Constraint[] = [{ a: filled(n, 1), b: 1, equal: true }];
    return minimiseQuadratic(Q, mu, constraints, { lower: filled(n, 0), upper: filled(n, cap) });
  }
  const gross = options.gross ?? 2;
  const Q = Array.from({ length: 2 * n }, (_, i) =>
    Array.from({ length: 2 * n }, (_, j) => (i < n && j < n ? lambda * sigma[i][j] : 0)),
  );
  const c = [...mu, ...filled(n, 0)];
  const unit = (i: number, v: number) => Array.from({ length: 2 * n }, (_, k) => (k === i ? v : 0));
  const constraints: Constraint[] = [
    { a: [...filled(n, 1), ...filled(n, 0)], b: 0, equal: true },
    { a: [...filled(n, 0), ...filled(n, -1)], b: -gross },
  ];
  for (let i = 0; i < n; i++) {
    const tMinusW = unit(n + i, 1);
    tMinusW[i] = -1;
    const tPlusW = unit(n + i, 1);
    tPlusW[i] = 1;
    constraints.push({ a: tMinusW, b: 0 }, { a: tPlusW, b: 0 });
  }
  const bounds = { lower: [...filled(n, -cap), ...filled(n, 0)], upper: filled(2 * n, cap) };
  return minimiseQuadratic(Q, c, constraints, bounds).slice(0, n);
}
