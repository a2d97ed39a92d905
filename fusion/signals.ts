import { universeTickersWithPrices } from '../db/prices.js';
import { peerSamples } from './peer-samples.js';
import { upsertSignals } from '../db/signals-store.js';
import type { Store } from '../db/store.js';
import { dataOf } from './dataset.js';
import type { FusionModel } from './model-io.js';
import { predictNet } from './net.js';

export interface SignalRow {
  ticker: string;
  day: string;
  p_up: number;
  direction: 'up' | 'down';
  confidence: number;
}

/**
 * Writes P(up) for session `day` (or each of several sessions, in one pass) for every ticker with enough
 * history, keyed by (ticker, day, model): re-running replaces, never duplicates. Tickers without
 * `window + 1` sessions of prices before a day are listed in `skipped`.
 */
export async function writeSignals(
  store: Store,
  fm: FusionModel,
  days: string | string[],
  options: { tickers?: string[]; now?: Date } = {},
): Promise<{ written: SignalRow[]; skipped: string[] }> {
  const targets = Array.isArray(days) ? days : [days];
  const { spec, normaliser, cols, id } = fm.meta;
  const tickers = options.tickers ?? universeTickersWithPrices(store.db);
  if (!targets.length) return { written: [], skipped: [] };
  const samples = peerSamples(store, spec, { tickers, targets });
  const got = new Set(samples.map((s) => s.ticker));
  const written: SignalRow[] = [];
  if (samples.length) {
    const p = await predictNet(fm.model, dataOf(samples, spec, normaliser, cols), spec.window, cols.length);
    const at = (options.now ?? new Date()).toISOString();
    for (const [i, sample] of samples.entries()) {
      written.push({
        ticker: sample.ticker,
        day: sample.day,
        p_up: p[i],
        direction: p[i] >= 0.5 ? 'up' : 'down',
        confidence: Math.abs(p[i] - 0.5) * 2,
      });
    }
    store.tx(() => upsertSignals(store.db, id, written, at));
  }
  return { written, skipped: tickers.filter((t) => !got.has(t)) };
}
