import type { DailyFeatures } from '../db/daily.js';

/**
 * Exponentially decayed sentiment: a ticker's document count and count-weighted mean score with a half-life in
 * sessions, so a window of a few sessions still sees the tone of the weeks before it. Names are
 * `decay<half-life>_mean_score` and `decay<half-life>_log1p_count`.
 */
export const DECAY_FEATURES = [
  'decay5_mean_score',
  'decay5_log1p_count',
  'decay20_mean_score',
  'decay20_log1p_count',
] as const;

export interface DecayFeature {
  halfLife: number;
  of: 'mean_score' | 'log1p_count';
}

const DECAY_NAME = /^decay(\d+)_(mean_score|log1p_count)$/;

/** The decayed feature a name stands for; undefined for any other feature. */
export function decayFeature(name: string): DecayFeature | undefined {
  const m = DECAY_NAME.exec(name);
  return m && Number(m[1]) > 0 ? { halfLife: Number(m[1]), of: m[2] as DecayFeature['of'] } : undefined;
}

interface Decayed {
  /** Decayed sum of n × mean score. */
  weighted: number;
  /** Decayed document count. */
  count: number;
}

const NONE: Decayed = { weighted: 0, count: 0 };

export interface DecaySeries {
  /** The feature as of session `sessions[m]` (that session's sentiment included). */
  at(f: DecayFeature, m: number): number;
  /**
   * The feature for a day that is not among the sessions (a live target), following session `sessions[m]`
   * (-1: before the first), given that day's sentiment.
   */
  after(f: DecayFeature, m: number, day: DailyFeatures | undefined): number;
}

const keepOf = (halfLife: number) => 0.5 ** (1 / halfLife);

function step(d: Decayed, keep: number, day: DailyFeatures | undefined): Decayed {
  const n = day?.n ?? 0;
  return { weighted: keep * d.weighted + n * (day?.mean_score ?? 0), count: keep * d.count + n };
}

const value = (f: DecayFeature, d: Decayed) =>
  f.of === 'mean_score' ? (d.count > 0 ? d.weighted / d.count : 0) : Math.log1p(d.count);

/**
 * The decayed `features` over `sessions` (a ticker's price sessions, oldest first), where `sentiment` holds the
 * sentiment aggregated for each session: the documents known before its cut-off. Each value uses only the
 * sessions up to its own, so it is as point-in-time as the daily rows it is made from.
 */
export function decaySeries(
  features: readonly DecayFeature[],
  sessions: readonly string[],
  sentiment: ReadonlyMap<string, DailyFeatures>,
): DecaySeries {
  const series = new Map<number, Decayed[]>();
  for (const h of new Set(features.map((f) => f.halfLife))) {
    let d = NONE;
    series.set(
      h,
      sessions.map((day) => {
        d = step(d, keepOf(h), sentiment.get(day));
        return d;
      }),
    );
  }
  return {
    at: (f, m) => value(f, series.get(f.halfLife)?.[m] ?? NONE),
    after: (f, m, day) => value(f, step(series.get(f.halfLife)?.[m] ?? NONE, keepOf(f.halfLife), day)),
  };
}
