import {
  type DailyWrite,
  replaceDaily,
  type SentimentStats,
  scoredBounds,
  scoredLinks,
  tickersToAggregate,
} from '../db/daily.js';
import { priceBounds } from '../db/prices.js';
import type { Store } from '../db/store.js';
import { makeDayAssigner, nextTradingDay, tradingDaysBetween, type CutoffMode } from './calendar.js';

export interface DailyRow extends SentimentStats {
  ticker: string;
  day: string;
  n_news: number;
  mean_news: number | null;
  n_social: number;
  mean_social: number | null;
  n_filing: number;
  mean_filing: number | null;
}

/**
 * The key daily rows are stored under: the sentiment model id for the default cut-off (what queries and
 * the API read), and "<model>#<cutoff>[<offset>]" for any other, so differently cut series never overwrite
 * each other.
 */
export function dailyKey(modelId: string, cutoff: CutoffMode = 'prev-close', offsetMinutes = 0): string {
  return cutoff === 'prev-close' && !offsetMinutes
    ? modelId
    : `${modelId}#${cutoff}${offsetMinutes ? `${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes}m` : ''}`;
}

export interface AggregateOptions {
  modelId: string;
  from?: string;
  to?: string;
  cutoff?: CutoffMode;
  offsetMinutes?: number;
  tickers?: string[];
}

/** Running sums of one ticker-day: `w` and the weighted sums use each document's relevance as its weight. */
interface Acc {
  n: number;
  w: number;
  sum: number;
  sq: number;
  pos: number;
  neg: number;
  /** Per source kind: [documents, weight, weighted score sum]. */
  kinds: Record<string, [number, number, number]>;
}

function dailyRow(ticker: string, day: string, a: Acc | undefined): DailyWrite {
  const kind = (k: string) => (a?.kinds[k] ? [a.kinds[k][0], a.kinds[k][2] / a.kinds[k][1]] : [0, null]);
  const [nn, mn] = kind('news');
  const [ns, ms] = kind('social');
  const [nf, mf] = kind('filing');
  return {
    ticker,
    day,
    n: a?.n ?? 0,
    weight: a?.w ?? 0,
    mean: a ? a.sum / a.w : null,
    pos: a ? a.pos / a.w : null,
    neg: a ? a.neg / a.w : null,
    disp: a ? Math.sqrt(Math.max(0, a.sq / a.w - (a.sum / a.w) ** 2)) : null,
    nn: nn as number,
    mn,
    ns: ns as number,
    ms,
    nf: nf as number,
    mf,
  };
}

/**
 * Builds per-ticker, per-trading-day sentiment features from the scores of linked documents, point in time:
 * a document counts for day d only if it was published before d's cut-off (see `cutoff`) and after the
 * previous day's. Each ticker gets a row for every trading day from its first document (or from `from` when
 * given) to `to`; days without documents have n = 0 and null means, never filled. Tickers without documents get
 * no rows unless `from` is given. Means, label shares and dispersion weigh each document by its link's relevance
 * (`document_tickers.relevance`); n counts documents and weight sums their relevance. Replaces the rows of the
 * range it computes (idempotent).
 */
export function aggregateDaily(
  store: Store,
  options: AggregateOptions,
): { rows: number; days: number; tickers: number; documents: number } {
  const { db } = store;
  const bounds = scoredBounds(db, options.modelId);
  const priceRange = priceBounds(db);
  const from = options.from ?? [bounds.lo?.slice(0, 10), priceRange.lo].filter(Boolean).sort()[0];
  // Through the session after the last price, whose features are what tonight's signal is made from.
  const to =
    options.to ??
    [bounds.hi?.slice(0, 10), priceRange.hi ? nextTradingDay(priceRange.hi) : null].filter(Boolean).sort().reverse()[0];
  if (!from || !to) return { rows: 0, days: 0, tickers: 0, documents: 0 };
  const days = tradingDaysBetween(from, to);
  if (!days.length) return { rows: 0, days: 0, tickers: 0, documents: 0 };
  const assign = makeDayAssigner(days, options.cutoff, options.offsetMinutes);
  // Tickers with prices or with scored, linked documents; universe members with neither get no rows.
  const tickers = options.tickers ?? tickersToAggregate(db, options.modelId);
  const wanted = new Set(tickers);
  const acc = new Map<string, Acc>();
  const firstDay = new Map<string, string>();
  let documents = 0;
  // Read a little before `from` so documents published over the preceding weekend land on the first day.
  const toInstant = new Date(Date.parse(`${to}T00:00:00Z`) + 864e5).toISOString();
  const rows = scoredLinks(db, options.modelId, `${from}T00:00:00`, toInstant);
  const first = days[0],
    last = days[days.length - 1];
  for (const r of rows) {
    if (!wanted.has(r.ticker)) continue;
    const day = assign(r.published_at);
    if (day < first || day > last) continue;
    const seen = firstDay.get(r.ticker);
    if (!seen || day < seen) firstDay.set(r.ticker, day);
    const key = `${r.ticker}|${day}`;
    const a = acc.get(key) ?? { n: 0, w: 0, sum: 0, sq: 0, pos: 0, neg: 0, kinds: {} };
    // A document weighs by how much it is about the ticker: a story naming it once beside another company it
    // names throughout moves its mean a little, not as much as a story about it.
    const w = r.relevance;
    a.n++;
    a.w += w;
    a.sum += w * r.score;
    a.sq += w * r.score * r.score;
    if (r.label === 'positive') a.pos += w;
    else if (r.label === 'negative') a.neg += w;
    const k = (a.kinds[r.kind] ??= [0, 0, 0]);
    k[0]++;
    k[1] += w;
    k[2] += w * r.score;
    acc.set(key, a);
    documents++;
  }
  let written = 0;
  const key = dailyKey(options.modelId, options.cutoff, options.offsetMinutes);
  store.tx(() => {
    for (const ticker of tickers) {
      // A ticker's series starts at its own first document (or at an explicit --from): days before anyone
      // wrote about it carry no information, and 22 tickers x 13 years of empty rows would drown the real ones.
      const start = options.from ?? firstDay.get(ticker);
      const span = start ? days.filter((d) => d >= start) : [];
      const out: DailyWrite[] = span.map((day) => dailyRow(ticker, day, acc.get(`${ticker}|${day}`)));
      replaceDaily(db, key, ticker, first, last, out);
      written += out.length;
    }
  });
  return { rows: written, days: days.length, tickers: tickers.length, documents };
}
