import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NonRetryableError } from '../../core/errors.js';
import { upsertDocuments, type DocumentInput } from '../../db/documents.js';
import { upsertPrices } from '../../db/prices.js';
import type { Store } from '../../db/store.js';
import { upsertTickers } from '../../db/tickers.js';
import { parsePriceCsv } from '../price-csv.js';
import { readUniverse } from '../universe.js';

export interface StocknetImportResult {
  tickers: number;
  files: number;
  tweets: number;
  inserted: number;
  alreadyPresent: number;
  links: number;
  prices: number;
  skippedLines: number;
  /** Price rows with no close or no calendar date, skipped. */
  skippedPriceRows: number;
}

interface Tweet {
  text: string[];
  created_at: string;
  user_id_str: string;
}

/**
 * Imports a StockNet (ACL18) folder: `StockTable`, `price/raw/*.csv`, `tweet/preprocessed/<T>/<day>`.
 *
 * The tweet-date quirk: a day file is not keyed by the tweet's UTC date (about 7% of tweets carry a UTC
 * `created_at` one day before the file's date, a few 4-5 days before). We store the true instant as
 * `published_at`, which the point-in-time logic uses, and keep the file date per ticker link as
 * `source_day`, which only the official StockNet benchmark protocol uses. A tweet found under several
 * tickers is one document with several links.
 *
 * Each ticker's tweets land in one transaction, so a killed import resumes cleanly: rerunning skips
 * what is there (idempotent keys) and adds what is missing.
 */
export function importStocknet(
  store: Store,
  dir: string,
  opts: { before?: string; onProgress?: (done: number, total: number, ticker: string) => void } = {},
): StocknetImportResult {
  const tweetDir = path.join(dir, 'tweet', 'preprocessed');
  const priceDir = path.join(dir, 'price', 'raw');
  if (!existsSync(tweetDir) && !existsSync(priceDir))
    throw new NonRetryableError(`${dir} does not look like a StockNet folder (no tweet/preprocessed or price/raw)`);
  const res: StocknetImportResult = {
    tickers: 0,
    files: 0,
    tweets: 0,
    inserted: 0,
    alreadyPresent: 0,
    links: 0,
    prices: 0,
    skippedLines: 0,
    skippedPriceRows: 0,
  };
  if (existsSync(path.join(dir, 'StockTable'))) {
    const universe = readUniverse(path.join(dir, 'StockTable'));
    store.tx(() => upsertTickers(store.db, universe));
    res.tickers = universe.length;
  }
  if (existsSync(priceDir)) {
    for (const f of readdirSync(priceDir)
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const { rows, skipped } = parsePriceCsv(readFileSync(path.join(priceDir, f), 'utf8'), f.replace(/\.csv$/, ''));
      store.tx(() => upsertPrices(store.db, rows, 'stocknet'));
      res.prices += rows.length;
      res.skippedPriceRows += skipped;
    }
  }
  if (!existsSync(tweetDir)) return res;
  const tickers = readdirSync(tweetDir).sort();
  const fetchedAt = new Date().toISOString();
  tickers.forEach((ticker, i) => {
    const docs: DocumentInput[] = [];
    for (const day of readdirSync(path.join(tweetDir, ticker)).sort()) {
      if (opts.before && day >= opts.before) continue;
      res.files++;
      for (const line of readFileSync(path.join(tweetDir, ticker, day), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let t: Tweet;
        try {
          t = JSON.parse(line);
        } catch {
          res.skippedLines++;
          continue;
        }
        // A line of JSON that is no tweet (null, {}, text that is not a list of tokens) crashed the import.
        if (!t || typeof t !== 'object' || !Array.isArray(t.text)) {
          res.skippedLines++;
          continue;
        }
        const body = t.text.map(String).join(' ');
        const published = new Date(t.created_at);
        const key = createHash('sha1').update(`${t.user_id_str}|${t.created_at}|${body}`).digest('hex').slice(0, 24);
        docs.push({
          source: 'stocknet',
          key,
          kind: 'social',
          body,
          author: t.user_id_str,
          publishedAt: Number.isNaN(published.getTime()) ? null : published.toISOString(),
          language: 'en',
          extra: { pretokenised: true },
          tickers: [{ ticker, method: 'source', sourceDay: day }],
        });
      }
    }
    const r = store.tx(() => upsertDocuments(store.db, docs, fetchedAt));
    res.tweets += docs.length;
    res.inserted += r.inserted;
    res.alreadyPresent += r.alreadyPresent + r.updated;
    res.links += docs.length;
    opts.onProgress?.(i + 1, tickers.length, ticker);
  });
  return res;
}
