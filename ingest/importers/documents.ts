import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
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

/** Field separators a CSV file may use; the one its header line holds most of is the file's (ties go to ','). */
const DELIMITERS = [',', ';', '\t', '|'];

/** The first line of a file (at most 64 KiB of it): enough to see a CSV header's separator. */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65_536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0];
  } finally {
    closeSync(fd);
  }
}

/** The separator of a CSV header line: spreadsheets in many locales write ';', exports often a tab. */
export function detectDelimiter(header: string): string {
  const unquoted = header.replace(/"[^"]*"/g, '');
  const count = (d: string) => unquoted.split(d).length - 1;
  return DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/**
 * Refuses, before anything is stored, a file whose first record has no column the importer can read text or a key
 * from (a misnamed --text-col, a separator the header did not reveal): every row would be skipped.
 */
function assertReadable(file: string, row: Record<string, unknown>, cols: ColumnMap): void {
  const found = Object.keys(row);
  const guessed = (guesses: string[]) => guesses.some((g) => g in row);
  const problems: string[] = [];
  for (const [what, col] of Object.entries(cols) as [keyof ColumnMap, string | undefined][])
    if (col && !found.includes(col)) problems.push(`no column "${col}" (given as the ${what} column)`);
  // Where a column is named, a missing one is reported above; guessing is for the ones not named.
  if (!cols.text && !cols.title && !guessed([...GUESS.text, ...GUESS.title]))
    problems.push(
      `no text column (looked for ${[...GUESS.text, ...GUESS.title].join(', ')}; name one with --text-col)`,
    );
  if (!cols.key && !cols.url && !guessed([...GUESS.key, ...GUESS.url]))
    problems.push(`no key column (looked for ${[...GUESS.key, ...GUESS.url].join(', ')}; name one with --key-col)`);
  if (problems.length)
    throw new NonRetryableError(
      `${file}: ${problems.join('; ')}. Columns found: ${found.map((c) => JSON.stringify(c)).join(', ') || 'none'}`,
    );
}

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

/**
 * A text cell as stored: trimmed, without NUL and other control characters (tabs and line breaks aside), which
 * cut a text short where SQLite's string functions and the full-text index read it; null where nothing is left.
 */
function readable(v: unknown): string | null {
  if (v == null) return null;
  const t = String(v)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
  return t || null;
}

export function rowAsDocument(
  row: Record<string, unknown>,
  source: string,
  kind: DocKind,
  cols: ColumnMap,
): DocumentInput | null {
  const text = readable(pick(row, cols.text, GUESS.text));
  const title = readable(pick(row, cols.title, GUESS.title));
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
    title: cleanText(title),
    body: text,
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
    /** CSV field separator; by default the one the header line holds most of (`detectDelimiter`). */
    delimiter?: string;
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
  let firstKeys: string[] | null = null;
  const take = (row: Record<string, unknown>) => {
    // A CSV header names every row's columns, so a file that cannot be read is refused at its first row. JSON
    // lines may differ in their keys: there only a file of which no row could be read is refused (below).
    if (out.rows === 0 && format === 'csv') assertReadable(file, row, options.columns ?? {});
    firstKeys ??= Object.keys(row);
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
    // Line by line from a stream: a dump of several GB never sits in memory (nor hits V8's string limit).
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
    let i = 0;
    // Closed however the loop ends, so a refused file leaves no open handle behind in a long-lived process.
    try {
      for await (const raw of lines) {
        i++;
        // A byte-order mark, as Windows tools write one, is not JSON.
        const line = i === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (!line.trim()) continue;
        let row: unknown;
        try {
          row = JSON.parse(line);
        } catch (cause) {
          throw flushAndFail(`${file}:${i}`, 'not valid JSON', cause);
        }
        if (!row || typeof row !== 'object' || Array.isArray(row))
          throw flushAndFail(`${file}:${i}`, 'not a JSON object', null);
        take(row as Record<string, unknown>);
      }
    } finally {
      lines.close();
    }
  } else {
    const delimiter = options.delimiter ?? detectDelimiter(firstLine(file));
    const parser = createReadStream(file).pipe(
      parse({ columns: true, bom: true, relax_column_count: true, delimiter }),
    );
    try {
      for await (const row of parser) take(row as Record<string, unknown>);
    } catch (cause) {
      if (!(cause instanceof CsvError)) throw cause;
      throw flushAndFail(file, `not valid CSV (${cause.message})`, cause);
    }
  }
  if (pending.length) flush();
  if (out.rows && out.skipped === out.rows)
    throw new NonRetryableError(
      `${file}: none of its ${out.rows} rows has text and a key (looked for ${GUESS.text.join(', ')} and ` +
        `${GUESS.key.join(', ')}; name them with --text-col and --key-col). Keys of the first row: ` +
        `${(firstKeys ?? []).map((c) => JSON.stringify(c)).join(', ')}`,
    );
  return out;
}
