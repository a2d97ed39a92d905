import { CsvError, parse } from 'csv-parse/sync';
import { isCalendarDay } from '../core/days.js';
import { NonRetryableError } from '../core/errors.js';
import type { PriceRow } from '../db/prices.js';

const num = (v: string | undefined) => (v == null || v === '' || v === 'null' ? null : Number(v));
/** A cell that is absent or a finite number from `least` up; anything else ("abc", -1, Infinity) reads as NaN. */
const atLeast = (least: number) => (v: string | undefined) => {
  const n = num(v);
  return n === null || (Number.isFinite(n) && n >= least) ? n : Number.NaN;
};
/** A price is above zero; a volume may be zero (a session without trades). */
const price = atLeast(Number.MIN_VALUE);
const volume = atLeast(0);

/**
 * Daily OHLCV CSV: Stooq's `Date,Open,High,Low,Close,Volume` and Yahoo's with `Adj Close`.
 * Without an adjusted close the close is kept as both. Rows with no close, with a date that is not a calendar day
 * (YYYY-MM-DD, a time after it allowed) or with a value that is no price (text, zero or below, infinite) or no
 * volume are skipped and counted: one stored Infinity or negative price turns every return and feature built on it
 * into nonsense. A file that is not CSV or lacks the Date and Close columns is an error, not an empty import.
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
    const close = price(r.close);
    const day = (r.date ?? '').slice(0, 10);
    const row = {
      ticker,
      day,
      open: price(r.open),
      high: price(r.high),
      low: price(r.low),
      close,
      adj_close: price(r['adj close']) ?? close,
      volume: volume(r.volume),
    };
    if (!isCalendarDay(day) || close === null || Object.values(row).some((v) => Number.isNaN(v))) {
      skipped++;
      continue;
    }
    rows.push({ ...row, close });
  }
  return { rows, skipped };
}
