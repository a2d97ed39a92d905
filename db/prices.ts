import type { DB } from './store.js';

export interface PriceRow {
  ticker: string;
  day: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  adj_close: number | null;
  volume: number | null;
}

/** Upserts daily bars; a later import of the same (ticker, day) replaces the bar (vendors revise). */
export function upsertPrices(db: DB, rows: PriceRow[], source: string): { written: number } {
  const st = db.prepare(`INSERT INTO prices (ticker, day, open, high, low, close, adj_close, volume, source)
    VALUES (@ticker, @day, @open, @high, @low, @close, @adj_close, @volume, @source)
    ON CONFLICT (ticker, day) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      adj_close = excluded.adj_close, volume = excluded.volume, source = excluded.source`);
  for (const r of rows) st.run({ ...r, source });
  return { written: rows.length };
}
