import type { Sample } from './features.js';

/**
 * Each feature of each window step z-scored across the samples of the same session: how a stock's returns,
 * volume and sentiment compare with the other stocks' that day. Market-wide moves cancel out, which is what a
 * cross-sectional rank IC and a dollar-neutral book measure. A session's samples must be scored together.
 */
export function crossSectional(samples: Sample[]): Sample[] {
  const byDay = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const g = byDay.get(s.day);
    if (g) g.push(i);
    else byDay.set(s.day, [i]);
  });
  const out = new Array<Sample>(samples.length);
  for (const rows of byDay.values()) {
    const L = samples[rows[0]].x.length;
    const mean = new Float64Array(L);
    const sq = new Float64Array(L);
    for (const r of rows) {
      const x = samples[r].x;
      for (let i = 0; i < L; i++) {
        mean[i] += x[i];
        sq[i] += x[i] * x[i];
      }
    }
    for (let i = 0; i < L; i++) {
      mean[i] /= rows.length;
      sq[i] = Math.sqrt(Math.max(sq[i] / rows.length - mean[i] * mean[i], 0)) || 1;
    }
    for (const r of rows) {
      const s = samples[r];
      const x = new Float32Array(L);
      for (let i = 0; i < L; i++) x[i] = (s.x[i] - mean[i]) / sq[i];
      out[r] = { ...s, x };
    }
  }
  return out;
}

/** Fewer tickers than this in a session leave nothing to compare a stock with. */
export const MIN_CROSS_SECTION = 3;

/**
 * The normalisation the live model can use over a universe of `universeSize` tickers: cross-section needs a few
 * peers, so a smaller universe falls back to pooled statistics (and the caller says so).
 */
export function liveNormalisation<T extends string>(configured: T, universeSize: number): T | 'pooled' {
  return configured === 'cross-section' && universeSize < MIN_CROSS_SECTION ? 'pooled' : configured;
}
