import type { DB } from './store.js';

export interface TickerRow {
  symbol: string;
  name: string | null;
  sector: string | null;
  cik: string | null;
  aliases: string[];
}

export function upsertTickers(db: DB, rows: TickerRow[]): void {
  const st = db.prepare(`INSERT INTO tickers (symbol, name, sector, cik, aliases) VALUES (@symbol, @name, @sector, @cik,
      @aliases)
    ON CONFLICT (symbol) DO UPDATE SET name = excluded.name, sector = excluded.sector, cik = COALESCE(excluded.cik,
      tickers.cik), aliases = excluded.aliases`);
  for (const r of rows) st.run({ ...r, aliases: JSON.stringify(r.aliases) });
}

export function listTickers(db: DB): TickerRow[] {
  return (
    db.prepare('SELECT * FROM tickers ORDER BY symbol').all() as (Omit<TickerRow, 'aliases'> & { aliases: string })[]
  ).map((r) => ({ ...r, aliases: JSON.parse(r.aliases ?? '[]') }));
}
