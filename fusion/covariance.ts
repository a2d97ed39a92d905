/**
 * Ledoit–Wolf (2004) shrinkage of the sample covariance towards a scaled identity: Σ = δF + (1 − δ)S with
 * F = (tr S / p) I and the intensity δ that minimises the expected Frobenius loss, estimated from the data. It is
 * always positive definite, which a 250 × 88 sample covariance of noisy returns barely is.
 * @param returns T rows (sessions) of p columns (assets)
 */
export function ledoitWolf(returns: readonly number[][]): { sigma: number[][]; shrinkage: number } {
  const T = returns.length;
  const p = returns[0]?.length ?? 0;
  const mean = Array.from({ length: p }, (_, j) => returns.reduce((a, r) => a + r[j], 0) / T);
  const x = returns.map((r) => r.map((v, j) => v - mean[j]));
  const S = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const row of x) for (let i = 0; i < p; i++) for (let j = i; j < p; j++) S[i][j] += (row[i] * row[j]) / T;
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) S[i][j] = S[j][i];
  const mu = S.reduce((a, r, i) => a + r[i], 0) / p;
  let d2 = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) d2 += (S[i][j] - (i === j ? mu : 0)) ** 2;
  d2 /= p;
  let b2 = 0;
  for (const row of x) {
    let s = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += (row[i] * row[j] - S[i][j]) ** 2;
    b2 += s / p;
  }
  b2 /= T * T;
  const shrinkage = d2 > 0 ? Math.min(b2, d2) / d2 : 1;
  const sigma = S.map((r, i) => r.map((v, j) => (1 - shrinkage) * v + (i === j ? shrinkage * mu : 0)));
  return { sigma, shrinkage };
}
