import { CsvError, parse } from 'csv-parse/sync';
import { isCalendarDay } from '../core/days.js';
import { NonRetryableError } from '../core/errors.js';
import type { PriceRow } from '../db/prices.js';

const num = (v: string | undefined) => (v == null || v === '' || v === 'null' ? null : Number(v));

/**
 * Daily OHLCV CSV: Stooq's `Date,Open,High,Low,Close,Volume` and Yahoo's with `Adj Close`.
 * Without an adjusted close the close is kept as both. Rows with no close or with a date that is not a calendar day
 * (YYYY-MM-DD, a time after it allowed) are skipped and counted; a file that is not CSV or lacks the Date and Close
 * columns is an error, not an empty import.
 */
export function parsePriceCsv(text: string, ticker: string): { rows: PriceRow[]; skipped: number } {
  if (/^\s*(No data|Exceeded)/i.test(text))
    throw new NonRetryableError(`prices for ${ticker}: ${text.trim().slice(0, 80)}`);
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (cause) {
    if (!(cause instanceof CsvError)) throw cause;
    throw new NonRetryableError(`prices for ${ticker}: not valid CSV (${cause.message})`, { cause });
  }
  if (records.length && !('date' in records[0] && 'close' in records[0]))
    throw new NonRetryableError(
      `prices for ${ticker}: no Date and Close columns (found: ${Object.keys(records[0]).join(', ')})`,
    );
  const rows: PriceRow[] = [];
  let skipped = 0;
  for (const r of records) {
    const close = num(r.close);
    const day = (r.date ?? '').slice(0, 10);
    if (!isCalendarDay(day) || close == null || Number.isNaN(close)) {
      skipped++;
      continue;
    }
    rows.push({
      ticker,
      day,
      open: num(r.open),
      high: num(r.high),
      low: num(r.low),
      close,
      adj_close: num(r['adj close']) ?? close,
      volume: num(r.volume),
    });
  }
  return { rows, skipped };
}
