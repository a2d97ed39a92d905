import type { Store } from '../db/store.js';
import { buildSamples } from './features.js';
import { dataOf } from './experiment.js';
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
  o: { tickers?: string[]; now?: Date } = {},
): Promise<{ written: SignalRow[]; skipped: string[] }> {
  const targets = Array.isArray(days) ? days : [days];
  const { spec, normaliser, cols, id } = fm.meta;
  const tickers =
    o.tickers ??
    (
      store.db
        .prepare('SELECT symbol FROM tickers WHERE symbol IN (SELECT DISTINCT ticker FROM prices) ORDER BY symbol')
        .all() as { symbol: string }[]
    ).map((r) => r.symbol);
  if (!targets.length) return { written: [], skipped: [] };
  const samples = buildSamples(store, spec, { tickers, targets });
  const got = new Set(samples.map((s) => s.ticker));
  const written: SignalRow[] = [];
  if (samples.length) {
    const p = await predictNet(fm.model, dataOf(samples, spec, normaliser, cols), spec.window, cols.length);
    const at = (o.now ?? new Date()).toISOString();
    const ins =
      store.db.prepare(`INSERT INTO signals (ticker, day, model_id, p_up, direction, confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (ticker, day, model_id) DO UPDATE SET p_up = excluded.p_up, direction = excluded.direction, confidence = excluded.confidence, created_at = excluded.created_at`);
    store.tx(() =>
      samples.forEach((s, i) => {
        const row: SignalRow = {
          ticker: s.ticker,
          day: s.day,
          p_up: p[i],
          direction: p[i] >= 0.5 ? 'up' : 'down',
          confidence: Math.abs(p[i] - 0.5) * 2,
        };
        ins.run(row.ticker, row.day, id, row.p_up, row.direction, row.confidence, at);
        written.push(row);
      }),
    );
  }
  return { written, skipped: tickers.filter((t) => !got.has(t)) };
}
