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

const DECAY_NAME = /^decay(\d+)_(mean_score|log1p_count)$/;

export function isDecayFeature(name: string): boolean {
  return DECAY_NAME.test(name);
}

interface Decayed {
  /** Decayed sum of n × mean score. */
  weighted: number;
  /** Decayed document count. */
  count: number;
}

export interface DecaySeries {
  /** The feature `name` as of session `sessions[m]` (that session's sentiment included). */
  at(name: string, m: number): number;
  /**
   * The feature for a day that is not among the sessions (a live target), following session `sessions[m]`
   * (-1: before the first), given that day's sentiment.
   */
  after(name: string, m: number, day: DailyFeatures | undefined): number;
}

const value = (kind: string, d: Decayed) =>
  kind === 'mean_score' ? (d.count > 0 ? d.weighted / d.count : 0) : Math.log1p(d.count);

/**
 * The decayed features over `sessions` (a ticker's price sessions, oldest first), where `sentiment` holds the
 * sentiment aggregated for each session: the documents known before its cut-off. Each value uses only the
 * sessions up to its own, so it is as point-in-time as the daily rows it is made from.
 */
export function decaySeries(
  names: readonly string[],
  sessions: readonly string[],
  sentiment: ReadonlyMap<string, DailyFeatures>,
): DecaySeries {
  const halfLives = [...new Set(names.map((n) => Number(DECAY_NAME.exec(n)?.[1])).filter((h) => h > 0))];
  const series = new Map<number, Decayed[]>();
  for (const h of halfLives) {
    const keep = 0.5 ** (1 / h);
    let d: Decayed = { weighted: 0, count: 0 };
    series.set(
      h,
      sessions.map((day) => {
        d = step(d, keep, sentiment.get(day));
        return d;
      }),
    );
  }
  const parse = (name: string) => {
    const m = DECAY_NAME.exec(name);
    if (!m) throw new Error(`unknown decayed sentiment feature ${name}`);
    return { h: Number(m[1]), kind: m[2] };
  };
  return {
    at(name, m) {
      const { h, kind } = parse(name);
      return value(kind, series.get(h)?.[m] ?? { weighted: 0, count: 0 });
    },
    after(name, m, day) {
      const { h, kind } = parse(name);
      const prev = series.get(h)?.[m] ?? { weighted: 0, count: 0 };
      return value(kind, step(prev, 0.5 ** (1 / h), day));
    },
  };
}

function step(d: Decayed, keep: number, day: DailyFeatures | undefined): Decayed {
  const n = day?.n ?? 0;
  return { weighted: keep * d.weighted + n * (day?.mean_score ?? 0), count: keep * d.count + n };
}
