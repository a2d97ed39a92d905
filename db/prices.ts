import { type DB, stmt } from './store.js';

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
    ON CONFLICT (ticker, day) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close =
      excluded.close,
      adj_close = excluded.adj_close, volume = excluded.volume, source = excluded.source`);
  for (const r of rows) st.run({ ...r, source });
  return { written: rows.length };
}

/** The last session with a price for any ticker. */
export function latestPriceDay(db: DB): string | null {
  return (stmt(db, 'SELECT max(day) d FROM prices').get() as { d: string | null }).d;
}

export function priceBounds(db: DB): { lo: string | null; hi: string | null } {
  return stmt(db, 'SELECT min(day) lo, max(day) hi FROM prices').get() as { lo: string | null; hi: string | null };
}

/** Tickers with at least one price, alphabetically. */
export function tickersWithPrices(db: DB): string[] {
  return (stmt(db, 'SELECT DISTINCT ticker FROM prices ORDER BY ticker').all() as { ticker: string }[]).map(
    (r) => r.ticker,
  );
}

/** Universe members that have prices: the tickers signals are made for. */
export function universeTickersWithPrices(db: DB): string[] {
  const rows = stmt(
    db,
    'SELECT symbol FROM tickers WHERE symbol IN (SELECT DISTINCT ticker FROM prices) ORDER BY symbol',
  ).all() as { symbol: string }[];
  return rows.map((r) => r.symbol);
}

export interface PriceBar {
  day: string;
  open: number | null;
  high: number;
  low: number;
  close: number;
  adj_close: number;
  volume: number;
}

/** A ticker's daily bars with a close, ascending. */
export function priceSeries(db: DB, ticker: string): PriceBar[] {
  return stmt(
    db,
    `SELECT day, open, high, low, close, adj_close, volume FROM prices WHERE ticker = ? AND close IS NOT NULL
      ORDER BY day`,
  ).all(ticker) as PriceBar[];
}

export interface SessionBar {
  day: string;
  open: number | null;
  close: number;
  adj_close: number;
}

/** A ticker's sessions with open, close and adjusted close, ascending: what tradeable returns are made of. */
export function sessionBars(db: DB, ticker: string): SessionBar[] {
  return stmt(
    db,
    'SELECT day, open, close, adj_close FROM prices WHERE ticker = ? AND close IS NOT NULL ORDER BY day',
  ).all(ticker) as SessionBar[];
}

/** The last `n` sessions of a ticker strictly before `day`, ascending: one covariance window, read by index. */
export function sessionBarsBefore(db: DB, ticker: string, day: string, n: number): SessionBar[] {
  const rows = stmt(
    db,
    `SELECT day, open, close, adj_close FROM prices WHERE ticker = ? AND day < ? AND close IS NOT NULL
      ORDER BY day DESC LIMIT ?`,
  ).all(ticker, day, n) as SessionBar[];
  return rows.reverse();
}
