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
 * - long-only: Σw = 1 and 0 ≤ w ≤ cap;
 * - long-short: Σw = 0 (dollar-neutral), Σ|w| ≤ gross and |w| ≤ cap, solved with w = u − v, u, v ≥ 0 (a tiny
 *   ridge keeps the doubled problem strictly convex, as the solver needs).
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
  const unit = (i: number, v = 1, size = n) => Array.from({ length: size }, (_, k) => (k === i ? v : 0));
  if (method === 'long-only') {
    if (cap * n < 1 - 1e-12) throw new RangeError(`cap ${cap} cannot hold a fully invested book of ${n} names`);
    const Q = sigma.map((r) => r.map((v) => lambda * v));
    const constraints: Constraint[] = [{ a: new Array(n).fill(1), b: 1, equal: true }];
    for (let i = 0; i < n; i++) constraints.push({ a: unit(i), b: 0 }, { a: unit(i, -1), b: -cap });
    return minimiseQuadratic(Q, mu, constraints);
  }
  const gross = options.gross ?? 2;
  const ridge = 1e-8 * (sigma.reduce((a, r, i) => a + r[i], 0) / n) * lambda;
  const Q = Array.from({ length: 2 * n }, (_, i) =>
    Array.from({ length: 2 * n }, (_, j) => {
      const sign = i < n === j < n ? 1 : -1;
      return sign * lambda * sigma[i % n][j % n] + (i === j ? ridge : 0);
    }),
  );
  const c = [...mu, ...mu.map((m) => -m)];
  const constraints: Constraint[] = [
    { a: [...new Array(n).fill(1), ...new Array(n).fill(-1)], b: 0, equal: true },
    { a: new Array(2 * n).fill(-1), b: -gross },
  ];
  for (let i = 0; i < 2 * n; i++) constraints.push({ a: unit(i, 1, 2 * n), b: 0 }, { a: unit(i, -1, 2 * n), b: -cap });
  const x = minimiseQuadratic(Q, c, constraints);
  return mu.map((_, i) => x[i] - x[n + i]);
}
