import { readFileSync } from 'node:fs';
import path from 'node:path';
import { upsertPrices } from '../../db/prices.js';
import type { Store } from '../../db/store.js';
import { parsePriceCsv } from '../price-csv.js';

/** Imports a daily OHLCV CSV (Yahoo or Stooq columns); the ticker defaults to the file name ("AAPL.csv"). */
export function importPriceCsv(
  store: Store,
  file: string,
  ticker?: string,
): { ticker: string; rows: number; skipped: number } {
  const t = (ticker ?? path.basename(file).replace(/\.(csv|txt)$/i, '')).toUpperCase();
  const { rows, skipped } = parsePriceCsv(readFileSync(file, 'utf8'), t);
  store.tx(() => upsertPrices(store.db, rows, `csv:${path.basename(file)}`));
  return { ticker: t, rows: rows.length, skipped };
}
