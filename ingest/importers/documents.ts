import { createReadStream, readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { NonRetryableError } from '../../core/errors.js';
import { upsertDocuments, type DocKind, type DocumentInput } from '../../db/documents.js';
import type { Store } from '../../db/store.js';
import type { TickerLinker } from '../linker.js';
import { linkItems } from '../run-ingest.js';
import { cleanText, toIsoUtc } from '../source.js';

export interface ColumnMap {
  key?: string;
  text?: string;
  title?: string;
  time?: string;
  url?: string;
  author?: string;
  ticker?: string;
}

const GUESS: Required<{ [K in keyof ColumnMap]: string[] }> = {
  key: ['id', 'key', 'id_str', 'guid', 'uuid'],
  text: ['body', 'text', 'content', 'selftext', 'message'],
  title: ['title', 'headline'],
  time: ['published_at', 'published', 'created_utc', 'created_at', 'created', 'timestamp', 'date', 'time'],
  url: ['url', 'link', 'permalink'],
  author: ['author', 'user', 'username'],
  ticker: ['ticker', 'tickers', 'symbol', 'symbols', 'cashtag'],
};

function pick(row: Record<string, unknown>, col: string | undefined, guesses: string[]): unknown {
  if (col) return row[col];
  for (const g of guesses) if (row[g] !== undefined && row[g] !== '') return row[g];
  return undefined;
}

/** Epoch seconds or milliseconds (numbers or numeric strings) or any date string Date can read, to ISO UTC. */
export function parseTime(v: unknown): string | null {
  if (v == null || v === '') return null;
  const n = Number(v);
  if (Number.isFinite(n) && String(v).trim() !== '') return toIsoUtc(n < 1e12 ? n * 1000 : n);
  return toIsoUtc(String(v));
}

export function rowAsDocument(
  row: Record<string, unknown>,
  source: string,
  kind: DocKind,
  cols: ColumnMap,
): DocumentInput | null {
  const text = pick(row, cols.text, GUESS.text);
  const title = pick(row, cols.title, GUESS.title);
  if (!text && !title) return null;
  const url = pick(row, cols.url, GUESS.url);
  const key = pick(row, cols.key, GUESS.key) ?? url;
  if (!key) return null;
  const tick = pick(row, cols.ticker, GUESS.ticker);
  const tickers = tick
    ? String(tick)
        .split(/[,;| ]+/)
        .filter(Boolean)
        .map((t) => ({ ticker: t.replace(/^\$/, '').toUpperCase(), method: 'source' as const }))
    : [];
  return {
    source,
    key: String(key),
    kind,
    url: url ? String(url) : null,
    title: cleanText(title as string | undefined),
    body: text ? String(text).trim() : null,
    author: (pick(row, cols.author, GUESS.author) as string | undefined) ?? null,
    publishedAt: parseTime(pick(row, cols.time, GUESS.time)),
    tickers,
  };
}

/**
 * Imports documents from a CSV (with header) or JSONL file, guessing common column names unless mapped.
 * Writes in transactions of `batch` rows, so a killed import loses at most the batch in flight and a
 * rerun inserts nothing twice. Rows without text or key are counted as skipped, never silently dropped.
 */
export async function importDocuments(
  store: Store,
  file: string,
  options: {
    source: string;
    kind?: DocKind;
    format?: 'csv' | 'jsonl';
    columns?: ColumnMap;
    linker?: TickerLinker;
    batch?: number;
  },
): Promise<{
  rows: number;
  inserted: number;
  alreadyPresent: number;
  updated: number;
  skipped: number;
  undated: number;
}> {
  const format = options.format ?? (file.endsWith('.jsonl') || file.endsWith('.ndjson') ? 'jsonl' : 'csv');
  const out = { rows: 0, inserted: 0, alreadyPresent: 0, updated: 0, skipped: 0, undated: 0 };
  let pending: DocumentInput[] = [];
  const flush = () => {
    const docs = options.linker ? linkItems(pending, options.linker) : pending;
    const r = store.tx(() => upsertDocuments(store.db, docs, new Date().toISOString()));
    out.inserted += r.inserted;
    out.alreadyPresent += r.alreadyPresent;
    out.updated += r.updated;
    pending = [];
  };
  const take = (row: Record<string, unknown>) => {
    out.rows++;
    const d = rowAsDocument(row, options.source, options.kind ?? 'social', options.columns ?? {});
    if (!d) {
      out.skipped++;
      return;
    }
    // Stored all the same (the text is worth keeping), but no day's sentiment will count it: say how many.
    if (!d.publishedAt) out.undated++;
    pending.push(d);
    if (pending.length >= (options.batch ?? 1000)) flush();
  };
  // What was read before a malformed line lands; the error says where, and a rerun after the fix adds the rest
  // without duplicates.
  const flushAndFail = (where: string, what: string, cause: unknown) => {
    if (pending.length) flush();
    return new NonRetryableError(
      `${where}: ${what}. Read before it: ${out.rows} rows, stored (${out.inserted} new); a rerun after the fix ` +
        'adds the rest without duplicates',
      { cause },
    );
  };
  if (format === 'jsonl') {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch (cause) {
        throw flushAndFail(`${file}:${i + 1}`, 'not valid JSON', cause);
      }
      if (!row || typeof row !== 'object' || Array.isArray(row))
        throw flushAndFail(`${file}:${i + 1}`, 'not a JSON object', null);
      take(row as Record<string, unknown>);
    }
  } else {
    const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, relax_column_count: true }));
    try {
      for await (const row of parser) take(row as Record<string, unknown>);
    } catch (cause) {
      if (!(cause instanceof CsvError)) throw cause;
      throw flushAndFail(file, `not valid CSV (${cause.message})`, cause);
    }
  }
  if (pending.length) flush();
  return out;
}
