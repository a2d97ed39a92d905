import { upsertDocuments } from '../../db/documents.js';
import { upsertPrices } from '../../db/prices.js';
import { openStore, type Store } from '../../db/store.js';
import { aggregateDaily } from '../../fusion/aggregate.js';
import { tradingDaysBetween } from '../../fusion/calendar.js';

/** Stores and documents with known sentiment for the fusion tests. */
export const MODEL = 'm@q8';

export function scored(store: Store, id: number, score: number) {
  store.db
    .prepare(
      `INSERT INTO sentiment_scores (document_id, model_id, p_positive, p_negative, p_neutral, label, score, scored_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 't')`,
    )
    .run(
      id,
      MODEL,
      Math.max(score, 0),
      Math.max(-score, 0),
      1 - Math.abs(score),
      score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral',
      score,
    );
}
export function doc(store: Store, key: string, publishedAt: string, score: number, ticker = 'AAA', relevance = 1) {
  const [id] = upsertDocuments(
    store.db,
    [{ source: 't', key, kind: 'social', body: key, publishedAt, tickers: [{ ticker, method: 'cashtag', relevance }] }],
    't',
  ).ids;
  scored(store, id, score);
}
/** A synthetic price path: +1%/-1% alternating from 100. */
export function prices(store: Store, ticker: string, days: string[], moves?: number[]) {
  let c = 100;
  upsertPrices(
    store.db,
    days.map((day, i) => {
      c *= 1 + (moves ? moves[i] : i % 2 ? 0.01 : -0.01);
      return { ticker, day, open: c, high: c * 1.01, low: c * 0.99, close: c, adj_close: c, volume: 1000 + i };
    }),
    'test',
  );
}

/** Two tickers whose next move the previous day's sentiment gives away. */
export function plantedStore(tickers = ['AAA', 'BBB']) {
  const s = openStore(':memory:');
  const days = tradingDaysBetween('2014-01-02', '2014-12-31');
  const r = (i: number) => (((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1) % 1;
  for (const [t, off] of tickers.map((t, k) => [t, 500 * k] as const)) {
    const moves = days.map((_, i) => (r(i + off) > 0.5 ? 0.02 : -0.02));
    prices(s, t, days, moves);
    days.forEach((d, i) => {
      if (i > 0) doc(s, `${t}-${d}`, `${days[i - 1]}T15:00:00Z`, (moves[i] > 0 ? 1 : -1) * 0.7, t);
    });
  }
  aggregateDaily(s, { modelId: MODEL, tickers });
  return { s, days };
}
