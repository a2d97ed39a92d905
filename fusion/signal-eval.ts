import { latestSignalModel, signalsOfModel, type StoredSignal } from '../db/signals-store.js';
import type { Store } from '../db/store.js';
import { dollarNeutralWeights, runBook, summariseBook } from './book.js';
import { ForwardReturns, type ReturnBasis } from './forward-returns.js';
import { accuracy, mcc, meanStd } from './metrics.js';
import { neweyWestT, pearson, performance, spearman } from './signal-stats.js';

export interface SignalEvalOptions {
  from: string;
  to: string;
  model?: string;
  /** Sessions held. @default [1, 2, 5] */
  horizons?: number[];
  /** @default "open-close" (tradeable with a signal made before the open) */
  returns?: ReturnBasis;
  /** Buckets for the quantile table. @default 5 */
  quantiles?: number;
  /** Cost per unit of weight traded, in basis points. @default 5 */
  costBps?: number;
  /** Sessions with fewer signalled names than this are left out of the cross-sectional figures. @default 5 */
  minNames?: number;
}

export interface HorizonReport {
  horizon: number;
  days: number;
  ic: { mean: number; std: number; t: number; lag: number; ir: number; annualisedIr: number };
  /** Mean forward return per quantile of P(up), lowest first, and top minus bottom. */
  quantiles: number[];
  spread: number;
  /** The daily ICs (for the tear sheet's IC-over-time chart). */
  daily: { day: string; ic: number }[];
}

/**
 * Signals evaluated the way their users do: per session, the cross-sectional rank IC of P(up) against forward
 * returns at each horizon (Newey–West t with at least h − 1 lags, since h-session returns overlap), the mean
 * forward return per quantile and the top-minus-bottom spread; hit rate, MCC, reliability of P(up) and Brier
 * score at horizon 1; and the dollar-neutral rank-weighted book after costs against equal-weight buy-and-hold,
 * both on the same return basis.
 */
export function evaluateSignals(store: Store, options: SignalEvalOptions) {
  const { db } = store;
  const model = options.model ?? latestSignalModel(db, options.from, options.to);
  const horizons = options.horizons ?? [1, 2, 5];
  const basis = options.returns ?? 'open-close';
  const signals = model ? signalsOfModel(db, model, options.from, options.to) : [];
  const fwd = new ForwardReturns(db, new Set(signals.map((s) => s.ticker)), horizons, basis);
  const byDay = new Map<string, StoredSignal[]>();
  for (const s of signals) byDay.set(s.day, [...(byDay.get(s.day) ?? []), s]);
  const days = [...byDay.keys()].sort();
  const minNames = options.minNames ?? 5;
  const q = options.quantiles ?? 5;
  const perHorizon: HorizonReport[] = horizons.map((h, k) => {
    const daily: { day: string; ic: number }[] = [];
    const buckets = Array.from({ length: q }, () => [] as number[]);
    for (const day of days) {
      const rows = byDay.get(day)!.filter((s) => Number.isFinite(fwd.get(s.ticker, day, k)));
      if (rows.length < minNames) continue;
      const ret = rows.map((s) => fwd.get(s.ticker, day, k));
      const ic = spearman(
        rows.map((s) => s.p_up),
        ret,
      );
      if (Number.isFinite(ic)) daily.push({ day, ic });
      const order = rows.map((s, i) => [s.p_up, ret[i]] as const).sort((a, b) => a[0] - b[0]);
      const perBucket = Array.from({ length: q }, () => [] as number[]);
      order.forEach(([, r], i) => {
        perBucket[Math.min(q - 1, Math.floor((i * q) / order.length))].push(r);
      });
      perBucket.forEach((b, i) => {
        if (b.length) buckets[i].push(b.reduce((a, x) => a + x, 0) / b.length);
      });
    }
    const ics = daily.map((d) => d.ic);
    const { std } = meanStd(ics);
    const nw = neweyWestT(ics, h - 1);
    const quantiles = buckets.map((b) => meanStd(b).mean);
    const ir = std ? nw.mean / std : 0;
    return {
      horizon: h,
      days: daily.length,
      ic: { mean: nw.mean, std, t: nw.t, lag: nw.lag, ir, annualisedIr: ir * Math.sqrt(252 / h) },
      quantiles,
      spread: quantiles[q - 1] - quantiles[0],
      daily,
    };
  });
  const scored = signals.filter((s) => Number.isFinite(fwd.get(s.ticker, s.day, 0)));
  const up = scored.map((s) => (fwd.get(s.ticker, s.day, 0) > 0 ? 1 : 0));
  const pred = scored.map((s) => (s.p_up >= 0.5 ? 1 : 0));
  const book = bookFor(days, byDay, fwd, options.costBps ?? 5);
  return {
    model,
    from: options.from,
    to: options.to,
    returns: basis,
    signals: signals.length,
    sessions: days.length,
    horizons: perHorizon,
    hitRate: accuracy(up, pred),
    mcc: mcc(up, pred),
    brier: scored.reduce((a, s, i) => a + (s.p_up - up[i]) ** 2, 0) / Math.max(scored.length, 1),
    calibration: reliability(
      scored.map((s) => s.p_up),
      up,
    ),
    ...book,
  };
}

/** Reliability curve: P(up) in ten equal-width bins, the mean predicted against the observed share of ups. */
function reliability(p: number[], y: number[], bins = 10) {
  const acc = Array.from({ length: bins }, () => ({ n: 0, predicted: 0, observed: 0 }));
  p.forEach((x, i) => {
    const b = acc[Math.min(bins - 1, Math.floor(x * bins))];
    b.n++;
    b.predicted += x;
    b.observed += y[i];
  });
  return acc
    .map((b, i) => ({
      bin: `${i / bins}-${(i + 1) / bins}`,
      n: b.n,
      predicted: b.predicted / b.n,
      observed: b.observed / b.n,
    }))
    .filter((b) => b.n > 0);
}

/** The dollar-neutral book and equal-weight buy-and-hold over the same sessions, names and returns (h = 1). */
function bookFor(days: string[], byDay: Map<string, StoredSignal[]>, fwd: ForwardReturns, costBps: number) {
  const sessions = days.map((day) => {
    const rows = byDay.get(day)!.filter((s) => Number.isFinite(fwd.get(s.ticker, day, 0)));
    return {
      day,
      weights: dollarNeutralWeights(rows),
      returns: new Map(rows.map((s) => [s.ticker, fwd.get(s.ticker, day, 0)])),
    };
  });
  const longShort = runBook(sessions, costBps);
  const equal = sessions.map((s) => {
    const rs = [...s.returns.values()];
    return rs.length ? rs.reduce((a, r) => a + r, 0) / rs.length : 0;
  });
  return {
    costBps,
    longShort: { ...summariseBook(longShort), daily: longShort },
    buyAndHold: performance(equal),
    buyAndHoldDaily: equal,
    correlationWithBuyAndHold: pearson(
      longShort.map((d) => d.ret),
      equal,
    ),
  };
}
