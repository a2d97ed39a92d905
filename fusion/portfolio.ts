import { replaceWeights, type WeightRow } from '../db/portfolio.js';
import { type SessionBar, sessionBars, sessionBarsBefore } from '../db/prices.js';
import { latestSignalModel, signalsOfModel } from '../db/signals-store.js';
import type { Store } from '../db/store.js';
import { dollarNeutralWeights, runBook, summariseBook, type Weights } from './book.js';
import { ledoitWolf } from './covariance.js';
import { ForwardReturns, type ReturnBasis } from './forward-returns.js';
import { type OptimiseOptions, optimiseWeights, type PortfolioMethod } from './optimise.js';

export interface PortfolioOptions extends OptimiseOptions {
  method?: PortfolioMethod;
  model?: string;
  /** Sessions of returns the covariance is estimated from, all before the portfolio's day. @default 250 */
  window?: number;
}

/**
 * Daily bars per ticker. For one day only the window is read (by index); `whole` keeps each ticker's full series
 * once read, for a backtest that weighs many days.
 */
class PriceHistory {
  private readonly bars = new Map<string, { days: string[]; bars: SessionBar[] }>();
  constructor(
    private readonly store: Store,
    private readonly whole = false,
  ) {}

  /** The `window` adjusted-close returns before `day` (strictly), or null without a full window. */
  returnsBefore(ticker: string, day: string, window: number): number[] | null {
    let h = this.whole ? this.bars.get(ticker) : undefined;
    if (!h) {
      const bars = this.whole
        ? sessionBars(this.store.db, ticker)
        : sessionBarsBefore(this.store.db, ticker, day, window + 1);
      h = { days: bars.map((b) => b.day), bars };
      if (this.whole) this.bars.set(ticker, h);
    }
    let end = h.days.length;
    while (end > 0 && h.days[end - 1] >= day) end--;
    if (end < window + 1) return null;
    const out = new Array<number>(window);
    for (let k = 0; k < window; k++) {
      const i = end - window + k;
      out[k] = h.bars[i].adj_close / h.bars[i - 1].adj_close - 1;
    }
    return out;
  }
}

export interface DayPortfolio {
  day: string;
  model: string | null;
  method: PortfolioMethod;
  shrinkage: number;
  weights: { ticker: string; weight: number; expected_return: number }[];
  /** Tickers with a signal but without `window` sessions of returns before the day. */
  skipped: string[];
  /**
   * The largest |weight| of one name the weights were solved under: the cap asked for, or 1/n where n names under
   * it could not fill a long-only book. Absent where no weights were solved.
   */
  cap?: number;
}

/**
 * Weights for session `day` from that day's signals, point in time: the covariance comes from the `window`
 * sessions before `day` (Ledoit–Wolf shrunk), and each name's expected return is μ = 2 (P(up) − 0.5) σ, its
 * trailing daily volatility scaled by how far P(up) leans from a coin flip. Then `optimiseWeights`.
 */
export function portfolioForDay(
  store: Store,
  day: string,
  options: PortfolioOptions = {},
  history = new PriceHistory(store),
) {
  const method = options.method ?? 'long-only';
  const model = options.model ?? latestSignalModel(store.db, day, day);
  const signals = model ? signalsOfModel(store.db, model, day, day) : [];
  const window = options.window ?? 250;
  const kept: { ticker: string; p: number; r: number[] }[] = [];
  const skipped: string[] = [];
  for (const s of signals) {
    const r = history.returnsBefore(s.ticker, day, window);
    if (r) kept.push({ ticker: s.ticker, p: s.p_up, r });
    else skipped.push(s.ticker);
  }
  const empty: DayPortfolio = { day, model, method, shrinkage: 0, weights: [], skipped };
  if (kept.length < 2) return empty;
  const rows = Array.from({ length: window }, (_, t) => kept.map((k) => k.r[t]));
  const { sigma, shrinkage } = ledoitWolf(rows);
  const mu = kept.map((k, i) => 2 * (k.p - 0.5) * Math.sqrt(sigma[i][i]));
  const cap = Math.max(options.cap ?? 0.1, method === 'long-only' ? 1 / kept.length : 0);
  const w = optimiseWeights(sigma, mu, method, { ...options, cap });
  const weights = kept.map((k, i) => ({
    ticker: k.ticker,
    weight: Math.abs(w[i]) < 1e-10 ? 0 : w[i],
    expected_return: mu[i],
  }));
  return { ...empty, shrinkage, weights, cap };
}

/** Computes and stores the weights for `day` (replacing any for the same day, model and method). */
export function writePortfolio(
  store: Store,
  day: string,
  options: PortfolioOptions = {},
  now = new Date(),
): DayPortfolio {
  const p = portfolioForDay(store, day, options);
  if (!p.model) return p;
  const rows: WeightRow[] = p.weights.map((w) => ({
    day,
    model_id: p.model as string,
    method: p.method,
    ...w,
    created_at: now.toISOString(),
  }));
  store.tx(() => replaceWeights(store.db, day, p.model as string, p.method, rows));
  return p;
}

/**
 * Each session from `from` to `to` with signals: weights as `portfolioForDay` makes them (and stores them
 * unless `persist` is false), traded on `returns` (open → close by default) with `costBps` per unit of weight
 * traded, against the equal-weight book over the same names and the signal-only dollar-neutral book.
 */
export function backtestPortfolio(
  store: Store,
  options: PortfolioOptions & { from: string; to: string; costBps?: number; returns?: ReturnBasis; persist?: boolean },
) {
  const model = options.model ?? latestSignalModel(store.db, options.from, options.to);
  const signals = model ? signalsOfModel(store.db, model, options.from, options.to) : [];
  const days = [...new Set(signals.map((s) => s.day))].sort();
  const fwd = new ForwardReturns(store.db, new Set(signals.map((s) => s.ticker)), [1], options.returns ?? 'open-close');
  const history = new PriceHistory(store, true);
  const optimised: { day: string; weights: Weights; returns: Map<string, number> }[] = [];
  const equal: typeof optimised = [];
  const signalOnly: typeof optimised = [];
  const now = new Date().toISOString();
  for (const day of days) {
    const p = portfolioForDay(store, day, { ...options, model: model ?? undefined }, history);
    const names = p.weights.filter((w) => Number.isFinite(fwd.get(w.ticker, day, 0)));
    if (!names.length) continue;
    const returns = new Map(names.map((w) => [w.ticker, fwd.get(w.ticker, day, 0)]));
    optimised.push({ day, weights: new Map(names.map((w) => [w.ticker, w.weight])), returns });
    equal.push({ day, weights: new Map(names.map((w) => [w.ticker, 1 / names.length])), returns });
    const rows = signals.filter((s) => s.day === day && returns.has(s.ticker));
    signalOnly.push({ day, weights: dollarNeutralWeights(rows), returns });
    const stored = p.weights.map((w) => ({ day, model_id: model as string, method: p.method, ...w, created_at: now }));
    if (options.persist !== false) store.tx(() => replaceWeights(store.db, day, model as string, p.method, stored));
  }
  const costBps = options.costBps ?? 5;
  return {
    model,
    method: options.method ?? 'long-only',
    returns: options.returns ?? 'open-close',
    costBps,
    sessions: optimised.length,
    optimised: summariseBook(runBook(optimised, costBps)),
    equalWeight: summariseBook(runBook(equal, costBps)),
    signalOnly: summariseBook(runBook(signalOnly, costBps)),
  };
}
