import { meanStd } from './metrics.js';

/** Ranks with ties averaged (1-based), as Spearman's correlation needs. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/** Spearman's rank correlation. */
export const spearman = (a: readonly number[], b: readonly number[]) => pearson(ranks(a), ranks(b));

/**
 * The t-statistic of a series' mean with Newey–West (Bartlett kernel) standard errors, which stay honest when
 * the daily values overlap (an h-session forward return makes consecutive ICs correlated). `lag` defaults to
 * the usual floor(4 (n/100)^(2/9)), and is never below `minLag` (pass h − 1 for horizon h).
 */
export function neweyWestT(xs: readonly number[], minLag = 0): { mean: number; se: number; t: number; lag: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(n, 1);
  if (n < 3) return { mean, se: Number.NaN, t: Number.NaN, lag: 0 };
  const lag = Math.min(n - 1, Math.max(minLag, Math.floor(4 * (n / 100) ** (2 / 9))));
  const d = xs.map((x) => x - mean);
  const gamma = (k: number) => {
    let s = 0;
    for (let i = k; i < n; i++) s += d[i] * d[i - k];
    return s / n;
  };
  let v = gamma(0);
  for (let k = 1; k <= lag; k++) v += 2 * (1 - k / (lag + 1)) * gamma(k);
  const se = Math.sqrt(Math.max(v, 0) / n);
  return { mean, se, t: se ? mean / se : Number.NaN, lag };
}

/** Drawdown from the running peak of a compounded return series, each session, as a fraction ≤ 0. */
export function drawdowns(returns: readonly number[]): number[] {
  let wealth = 1;
  let peak = 1;
  return returns.map((r) => {
    wealth *= 1 + r;
    peak = Math.max(peak, wealth);
    return wealth / peak - 1;
  });
}

/** Largest peak-to-trough fall of a compounded return series, as a positive fraction. */
export const maxDrawdown = (returns: readonly number[]) => -Math.min(0, ...drawdowns(returns));

/** Annualised return, volatility, Sharpe, Sortino and drawdown of daily returns (252 sessions a year). */
export function performance(returns: readonly number[]) {
  const { mean, std } = meanStd([...returns]);
  const downside = Math.sqrt(returns.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / Math.max(returns.length, 1));
  const cumulative = returns.reduce((w, r) => w * (1 + r), 1) - 1;
  return {
    cumulativeReturn: cumulative,
    annualisedReturn: returns.length ? (1 + cumulative) ** (252 / returns.length) - 1 : 0,
    annualisedVolatility: std * Math.sqrt(252),
    sharpe: std ? (mean / std) * Math.sqrt(252) : 0,
    sortino: downside ? (mean / downside) * Math.sqrt(252) : 0,
    maxDrawdown: maxDrawdown(returns),
  };
}
