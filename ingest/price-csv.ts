import { parse } from 'csv-parse/sync';
import { NonRetryableError } from '../core/errors.js';
import type { PriceRow } from '../db/prices.js';

const num = (v: string | undefined) => (v == null || v === '' || v === 'null' ? null : Number(v));

/**
 * Daily OHLCV CSV: Stooq's `Date,Open,High,Low,Close,Volume` and Yahoo's with `Adj Close`.
 * Without an adjusted close the close is kept as both; rows with null prices are skipped.
 */
export function parsePriceCsv(text: string, ticker: string): PriceRow[] {
  if (/^\s*(No data|Exceeded)/i.test(text))
    throw new NonRetryableError(`prices for ${ticker}: ${text.trim().slice(0, 80)}`);
  const rows = parse(text, {
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const out: PriceRow[] = [];
  for (const r of rows) {
    const close = num(r.close);
    if (!r.date || close == null || Number.isNaN(close)) continue;
    out.push({
      ticker,
      day: r.date.slice(0, 10),
      open: num(r.open),
      high: num(r.high),
      low: num(r.low),
      close,
      adj_close: num(r['adj close']) ?? close,
      volume: num(r.volume),
    });
  }
  return out;
}
