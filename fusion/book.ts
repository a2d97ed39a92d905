import { meanStd } from './metrics.js';
import { performance, ranks } from './signal-stats.js';

/** One session's weights: ticker → signed weight. */
export type Weights = Map<string, number>;

/**
 * Dollar-neutral rank weights for one session: w ∝ rank(p_up) − mean rank, scaled to gross exposure 1 (half
 * long, half short), so the book's net exposure is exactly 0 whatever the signal's overall tilt. A model that
 * says "up" for most names still holds equal dollars short; only the cross-sectional ordering earns money.
 */
export function dollarNeutralWeights(signals: readonly { ticker: string; p_up: number }[]): Weights {
  const w: Weights = new Map();
  if (signals.length < 2) return w;
  const r = ranks(signals.map((s) => s.p_up));
  const mean = (signals.length + 1) / 2;
  const gross = r.reduce((s, x) => s + Math.abs(x - mean), 0);
  if (!gross) return w;
  signals.forEach((s, i) => {
    w.set(s.ticker, (r[i] - mean) / gross);
  });
  return w;
}

/** Half the sum of absolute weight changes: the fraction of the book traded that session. */
export function turnover(prev: Weights, next: Weights): number {
  let t = 0;
  for (const [k, v] of next) t += Math.abs(v - (prev.get(k) ?? 0));
  for (const [k, v] of prev) if (!next.has(k)) t += Math.abs(v);
  return t / 2;
}

export interface BookDay {
  day: string;
  /** Return after costs. */
  ret: number;
  gross: number;
  net: number;
  turnover: number;
  names: number;
}

/**
 * Runs a book over sessions: each session's weights earn that session's returns, minus `costBps` per unit of
 * weight traded. Build the weights from names that have a return, so that dropping none changes the exposure.
 */
export function runBook(
  sessions: readonly { day: string; weights: Weights; returns: Map<string, number> }[],
  costBps: number,
): BookDay[] {
  let prev: Weights = new Map();
  const out: BookDay[] = [];
  for (const s of sessions) {
    const live: Weights = new Map([...s.weights].filter(([t]) => Number.isFinite(s.returns.get(t))));
    const gross = [...live.values()].reduce((a, v) => a + Math.abs(v), 0);
    const traded = turnover(prev, live);
    let ret = 0;
    for (const [t, v] of live) ret += v * (s.returns.get(t) ?? 0);
    ret -= 2 * traded * (costBps / 1e4);
    const net = [...live.values()].reduce((a, v) => a + v, 0);
    out.push({ day: s.day, ret, gross, net, turnover: traded, names: live.size });
    prev = live;
  }
  return out;
}

/** A book's performance with its mean turnover and gross exposure and its largest net exposure. */
export function summariseBook(days: readonly BookDay[]) {
  return {
    ...performance(days.map((d) => d.ret)),
    turnover: meanStd(days.map((d) => d.turnover)).mean,
    grossExposure: meanStd(days.map((d) => d.gross)).mean,
    maxAbsNetExposure: Math.max(0, ...days.map((d) => Math.abs(d.net))),
  };
}
