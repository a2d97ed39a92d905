import { type DailyFeatures, dailyFeatures } from '../db/daily.js';
import { type PriceBar, priceSeries, tickersWithPrices } from '../db/prices.js';
import type { Store } from '../db/store.js';
import type { CutoffMode } from './calendar.js';
import { dailyKey } from './aggregate.js';
import { crossSectional } from './cross-section.js';
import { DECAY_FEATURES, type DecayFeature, decayFeature, decaySeries } from './sentiment-decay.js';

export const PRICE_FEATURES = ['high_rel', 'low_rel', 'return', 'log_volume_change'] as const;
/**
 * Adv-ALSTM's technical features (Feng et al. 2019): open, high, low and close relative to the previous close,
 * and the 5- to 30-session moving averages of the adjusted close relative to the close.
 */
export const ADV_ALSTM_FEATURES = [
  'open_rel',
  'high_rel',
  'low_rel',
  'return',
  'ma5_rel',
  'ma10_rel',
  'ma15_rel',
  'ma20_rel',
  'ma25_rel',
  'ma30_rel',
] as const;

/** Sessions of history a price feature needs before its own session (the longest moving average). */
const lookback = (names: readonly string[]) =>
  Math.max(1, ...names.map((n) => Number(/^ma(\d+)_rel$/.exec(n)?.[1] ?? 1)));

/**
 * One price feature of session P[i], from it and earlier sessions only. Relative prices use the raw open, high
 * and low against the previous raw close; returns and averages use the adjusted close.
 */
function priceFeature(name: string, P: PriceBar[], i: number): number {
  const p = P[i];
  const prev = P[i - 1];
  const ma = /^ma(\d+)_rel$/.exec(name);
  if (ma) {
    const k = Number(ma[1]);
    let sum = 0;
    for (let j = i - k + 1; j <= i; j++) sum += P[j].adj_close;
    return sum / k / p.adj_close - 1;
  }
  switch (name) {
    case 'open_rel':
      return p.open ? p.open / prev.close - 1 : 0;
    case 'high_rel':
      return p.high / prev.close - 1;
    case 'low_rel':
      return p.low / prev.close - 1;
    case 'return':
      return p.adj_close / prev.adj_close - 1;
    case 'log_volume_change':
      return prev.volume > 0 && p.volume > 0 ? Math.max(-3, Math.min(3, Math.log(p.volume / prev.volume))) : 0;
    default:
      throw new Error(`unknown price feature ${name}`);
  }
}
export const SENTIMENT_FEATURES = [
  'log1p_count',
  'mean_score',
  'pos_share',
  'neg_share',
  'dispersion',
  'has_docs',
] as const;

export type SentimentFeatureSet = 'daily' | 'decay';

/** The sentiment feature names of a configured set (`fusion.sentimentFeatures`). */
export const sentimentFeatures = (set: SentimentFeatureSet): readonly string[] =>
  set === 'decay' ? [...SENTIMENT_FEATURES, ...DECAY_FEATURES] : SENTIMENT_FEATURES;

/** One of the daily sentiment features of a session, from its aggregated row (absent: no documents). */
function sentimentFeature(name: string, s: DailyFeatures | undefined): number {
  const n = s?.n ?? 0;
  switch (name) {
    case 'log1p_count':
      return Math.log1p(n);
    case 'mean_score':
      return s?.mean_score ?? 0;
    case 'pos_share':
      return s?.pos_share ?? 0;
    case 'neg_share':
      return s?.neg_share ?? 0;
    case 'dispersion':
      return s?.dispersion ?? 0;
    case 'has_docs':
      return n ? 1 : 0;
    default:
      throw new Error(`unknown sentiment feature ${name}`);
  }
}

export type Normalisation = 'pooled' | 'ticker' | 'cross-section';

/** Everything that must match between training and inference; saved with the model and checked at load. */
export interface FeatureSpec {
  version: 1;
  window: number;
  price: readonly string[];
  sentiment: readonly string[];
  sentimentModel: string;
  cutoff: CutoffMode;
  offsetMinutes: number;
  /**
   * z-scores from all training samples (default), from each ticker's own training samples, or across the
   * tickers of each session first (`cross-section`: a stock against its peers that day) and then pooled.
   */
  normalise?: Normalisation;
}

export interface Sample {
  ticker: string;
  /** The session whose close-to-close move is predicted. */
  day: string;
  /** window x (price + sentiment) features, row-major. */
  x: Float32Array;
  move: number | null;
  label: 0 | 1 | null;
  /** Every step of the window has at least one document (StockNet's official sample filter). */
  allStepsHaveDocs: boolean;
}

export const nFeatures = (spec: FeatureSpec) => spec.price.length + spec.sentiment.length;

/** StockNet's label rule: moves in [-0.5%, 0.55%) are dropped; up iff move > 1e-7. */
export function labelOf(move: number): 0 | 1 | null {
  if (move >= -0.005 && move < 0.0055) return null;
  return move > 1e-7 ? 1 : 0;
}

/**
 * Builds windows for target days. Step j holds the price features of session P[k-N+j] (relative to the
 * session before it) and the sentiment aggregated for the session after it, so the last step pairs the
 * previous session's prices with the sentiment known before the target's cut-off. Nothing dated on or
 * after the target enters its own features. Under `normalise: 'cross-section'` the features are z-scored across
 * the tickers built for the same session, so build a session's whole universe at once.
 */
export function buildSamples(
  store: Store,
  spec: FeatureSpec,
  options: { from?: string; to?: string; tickers?: string[]; targets?: string[] } = {},
): Sample[] {
  const { db } = store;
  const tickers = options.tickers ?? tickersWithPrices(db);
  const key = dailyKey(spec.sentimentModel, spec.cutoff, spec.offsetMinutes);
  const N = spec.window,
    F = nFeatures(spec);
  const out: Sample[] = [];
  // Each sentiment column resolved once: a daily feature by name, or the decayed feature it names.
  const sentimentColumns: (string | DecayFeature)[] = spec.sentiment.map((name) => decayFeature(name) ?? name);
  const decayed = sentimentColumns.filter((c): c is DecayFeature => typeof c !== 'string');
  for (const ticker of tickers) {
    const P = priceSeries(db, ticker);
    const S = new Map(dailyFeatures(db, ticker, key).map((r) => [r.day, r]));
    const decay = decaySeries(
      decayed,
      P.map((p) => p.day),
      S,
    );
    const targets = options.targets ?? P.map((p) => p.day);
    let k = 0;
    for (const day of targets) {
      if ((options.from && day < options.from) || (options.to && day >= options.to)) continue;
      while (k < P.length && P[k].day < day) k++;
      if (k < N + lookback(spec.price)) continue;
      const x = new Float32Array(N * F);
      let allDocs = true;
      for (let j = 0; j < N; j++) {
        const base = j * F;
        spec.price.forEach((name, f) => {
          x[base + f] = priceFeature(name, P, k - N + j);
        });
        // The sentiment session of step j, as an index into P; the last step's is the target, which a live
        // target follows P instead of being in it.
        const m = k - N + j + 1;
        const inP = m < k || (k < P.length && P[k].day === day);
        const s = S.get(inP ? P[m].day : day);
        if (!s?.n) allDocs = false;
        const sb = base + spec.price.length;
        sentimentColumns.forEach((c, f) => {
          if (typeof c === 'string') x[sb + f] = sentimentFeature(c, s);
          else x[sb + f] = inP ? decay.at(c, m) : decay.after(c, k - 1, s);
        });
      }
      const has = k < P.length && P[k].day === day;
      const move = has ? P[k].adj_close / P[k - 1].adj_close - 1 : null;
      out.push({ ticker, day, x, move, label: move === null ? null : labelOf(move), allStepsHaveDocs: allDocs });
    }
  }
  // Across every ticker built, before any caller keeps only the labelled ones: which peers a stock is compared
  // with must not depend on the size of the move being predicted.
  return spec.normalise === 'cross-section' ? crossSectional(out) : out;
}

export interface ZStats {
  mean: number[];
  std: number[];
}

export interface Normaliser extends ZStats {
  /** Per-ticker statistics (spec.normalise 'ticker'); a ticker not listed uses the pooled ones. */
  byTicker?: Record<string, ZStats>;
}

/** A ticker needs this many training samples for its own statistics; fewer keep the pooled ones. */
const MIN_TICKER_SAMPLES = 20;

function zStats(samples: Sample[], nf: number): ZStats {
  const mean = new Array(nf).fill(0),
    sq = new Array(nf).fill(0);
  let count = 0;
  for (const s of samples)
    for (let i = 0; i < s.x.length; i++) {
      mean[i % nf] += s.x[i];
      sq[i % nf] += s.x[i] ** 2;
      if (i % nf === 0) count++;
    }
  const m = mean.map((v) => v / Math.max(count, 1));
  return { mean: m, std: sq.map((v, i) => Math.sqrt(Math.max(v / Math.max(count, 1) - m[i] ** 2, 0)) || 1) };
}

/**
 * Per-feature z-score statistics from the training samples only, pooled or per ticker. Per-ticker statistics
 * put a volatile and a quiet stock on one scale, so the network compares each with its own history. (Under
 * 'cross-section' the samples are already z-scored per session; the pooled statistics then apply.)
 */
export function fitNormaliser(samples: Sample[], nf: number, by: Normalisation = 'pooled'): Normaliser {
  const pooled = zStats(samples, nf);
  if (by !== 'ticker') return pooled;
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const g = groups.get(s.ticker);
    if (g) g.push(s);
    else groups.set(s.ticker, [s]);
  }
  const byTicker: Record<string, ZStats> = {};
  for (const [ticker, g] of groups) if (g.length >= MIN_TICKER_SAMPLES) byTicker[ticker] = zStats(g, nf);
  return { ...pooled, byTicker };
}

/** Normalised [n, window, cols] data restricted to the feature columns `cols`. */
export function toTensorData(samples: Sample[], nf: number, norm: Normaliser, cols: number[]): Float32Array {
  const N = samples[0] ? samples[0].x.length / nf : 0;
  const out = new Float32Array(samples.length * N * cols.length);
  let at = 0;
  for (const s of samples) {
    const z = norm.byTicker?.[s.ticker] ?? norm;
    for (let j = 0; j < N; j++) for (const c of cols) out[at++] = (s.x[j * nf + c] - z.mean[c]) / z.std[c];
  }
  return out;
}
