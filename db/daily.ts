import { type DB, stmt } from './store.js';

/** First and last publication instant of documents scored by `modelId`. */
export function scoredBounds(db: DB, modelId: string): { lo: string | null; hi: string | null } {
  return stmt(
    db,
    `SELECT min(d.published_at) lo, max(d.published_at) hi FROM sentiment_scores s
      JOIN documents d ON d.id = s.document_id WHERE s.model_id = ?`,
  ).get(modelId) as { lo: string | null; hi: string | null };
}

/** Tickers with prices or with scored, linked documents: those that get daily rows. */
export function tickersToAggregate(db: DB, modelId: string): string[] {
  const rows = stmt(
    db,
    `SELECT DISTINCT ticker AS symbol FROM prices UNION SELECT DISTINCT t.ticker FROM document_tickers t
      JOIN sentiment_scores s ON s.document_id = t.document_id WHERE s.model_id = ?`,
  ).all(modelId) as { symbol: string }[];
  return rows.map((r) => r.symbol);
}

export interface ScoredLink {
  ticker: string;
  published_at: string;
  kind: string;
  score: number;
  label: string;
  /** How much the document is about the ticker, in (0, 1]. */
  relevance: number;
}

/** Every (ticker, scored document) pair published in [fromInstant, toInstant), streamed. */
export function scoredLinks(db: DB, modelId: string, fromInstant: string, toInstant: string): Iterable<ScoredLink> {
  return stmt(
    db,
    `SELECT t.ticker, d.published_at, d.kind, s.score, s.label, t.relevance FROM sentiment_scores s
      JOIN documents d ON d.id = s.document_id JOIN document_tickers t ON t.document_id = d.id
      WHERE s.model_id = ? AND d.published_at IS NOT NULL AND d.published_at >= ? AND d.published_at < ?`,
  ).iterate(modelId, fromInstant, toInstant) as Iterable<ScoredLink>;
}

export interface DailyWrite {
  ticker: string;
  day: string;
  n: number;
  /** The documents' summed link relevance: n with passing mentions counted for what they are. */
  weight: number;
  mean: number | null;
  pos: number | null;
  neg: number | null;
  disp: number | null;
  nn: number;
  mn: number | null;
  ns: number;
  ms: number | null;
  nf: number;
  mf: number | null;
}

/** Replaces one ticker's daily rows under `key` for [first, last] with `rows` (call inside a transaction). */
export function replaceDaily(db: DB, key: string, ticker: string, first: string, last: string, rows: DailyWrite[]) {
  stmt(db, 'DELETE FROM daily_sentiment WHERE model_id = ? AND ticker = ? AND day BETWEEN ? AND ?').run(
    key,
    ticker,
    first,
    last,
  );
  const ins = stmt(
    db,
    `INSERT INTO daily_sentiment (ticker, day, model_id, n, weight, mean_score, pos_share, neg_share, dispersion,
      n_news, mean_news, n_social, mean_social, n_filing, mean_filing)
    VALUES (@ticker, @day, @model, @n, @weight, @mean, @pos, @neg, @disp, @nn, @mn, @ns, @ms, @nf, @mf)`,
  );
  for (const r of rows) ins.run({ ...r, model: key });
}

/** One ticker-day's sentiment: how many texts, their mean score, the positive and negative shares, the spread. */
export interface SentimentStats {
  n: number;
  mean_score: number | null;
  pos_share: number | null;
  neg_share: number | null;
  dispersion: number | null;
}

export interface DailyFeatures extends SentimentStats {
  day: string;
}

/** One ticker's daily sentiment features under `key`. */
export function dailyFeatures(db: DB, ticker: string, key: string): DailyFeatures[] {
  return stmt(
    db,
    `SELECT day, n, mean_score, pos_share, neg_share, dispersion FROM daily_sentiment WHERE ticker = ? AND model_id
      = ?`,
  ).all(ticker, key) as DailyFeatures[];
}

export interface ContributingDocument {
  id: number;
  source: string;
  kind: string;
  published_at: string;
  title: string | null;
  /** The first 200 characters of the body. */
  text: string | null;
  url: string | null;
  score: number;
  label: string;
  /** How much the document is about the ticker: its weight in the session's mean. */
  relevance: number;
}

/** Scored documents linked to `ticker` published in [fromInstant, toInstant), oldest first. */
export function tickerDocumentsBetween(
  db: DB,
  ticker: string,
  modelId: string,
  fromInstant: string,
  toInstant: string,
): ContributingDocument[] {
  return stmt(
    db,
    `SELECT d.id, d.source, d.kind, d.published_at, d.title, substr(d.body, 1, 200) AS text, d.url, s.score, s.label,
      t.relevance FROM document_tickers t
      JOIN documents d ON d.id = t.document_id JOIN sentiment_scores s ON s.document_id = d.id AND s.model_id = ?
      WHERE t.ticker = ? AND d.published_at >= ? AND d.published_at < ? ORDER BY d.published_at`,
  ).all(modelId, ticker, fromInstant, toInstant) as ContributingDocument[];
}

export interface LinkedText {
  id: number;
  kind: string;
  title: string | null;
  body: string | null;
  extra: string | null;
  published_at: string;
  /** The tickers it is linked to, comma-separated. */
  tickers: string;
}

/** Every document linked to a ticker and published in [fromInstant, toInstant), with its text and tickers. */
export function linkedTextsBetween(db: DB, fromInstant: string, toInstant: string): LinkedText[] {
  return stmt(
    db,
    `SELECT d.id, d.kind, d.title, d.body, d.extra, d.published_at, group_concat(t.ticker) AS tickers
      FROM documents d JOIN document_tickers t ON t.document_id = d.id
      WHERE d.published_at >= ? AND d.published_at < ? GROUP BY d.id ORDER BY d.id`,
  ).all(fromInstant, toInstant) as LinkedText[];
}
