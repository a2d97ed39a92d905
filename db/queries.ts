import { NonRetryableError } from '../core/errors.js';
import type { SentimentStats } from './daily.js';
import { dialectOf, sqlFor } from './connection.js';
import { run, type DB } from './store.js';

export interface DocQuery {
  ticker?: string;
  /** With `ticker`: only documents whose link to it weighs at least this (`document_tickers.relevance`, 0 to 1). */
  minRelevance?: number;
  from?: string;
  to?: string;
  q?: string;
  label?: 'positive' | 'negative' | 'neutral';
  source?: string;
  model?: string;
  limit?: number;
  offset?: number;
  /** "relevance" (BM25) needs `q`. @default "newest" */
  sort?: DocSort;
}
export interface DocResult {
  id: number;
  source: string;
  kind: string;
  published_at: string | null;
  title: string | null;
  body: string | null;
  url: string | null;
  author: string | null;
  tickers: string | null;
  model_id: string | null;
  label: string | null;
  score: number | null;
  p_positive: number | null;
  p_negative: number | null;
  p_neutral: number | null;
}

const activeMemo = new WeakMap<DB, { version: number; model: string | null }>();

/**
 * The sentiment model most documents are scored with: the default for reads that do not name one.
 * Counting means scanning every score, so the answer is kept until the scores table changes (its max rowid;
 * on PostgreSQL the identity column that stands in for it).
 */
export function activeSentimentModel(db: DB): string | null {
  const rowid = sqlFor(db, { sqlite: 'rowid', postgres: 'seq' });
  const version = (db.prepare(`SELECT coalesce(max(${rowid}), 0) v FROM sentiment_scores`).get() as { v: number }).v;
  const memo = activeMemo.get(db);
  if (memo && memo.version === version) return memo.model;
  const model =
    (
      db
        .prepare(
          'SELECT model_id FROM sentiment_scores GROUP BY model_id ORDER BY count(*) DESC, max(scored_at) DESC LIMIT 1',
        )
        .get() as { model_id: string } | undefined
    )?.model_id ?? null;
  activeMemo.set(db, { version, model });
  return model;
}

const dayEnd = (to: string) => (to.length === 10 ? `${to}T23:59:59.999Z` : to);

/** How documents are ordered: newest first, or (with a full-text query) by BM25 relevance. */
export type DocSort = 'newest' | 'relevance';

/** Above this many candidates, walking the publication-time index beats sorting the candidates. */
const SCAN_THRESHOLD = 2000;

/**
 * Whether the newest-first plan should walk the `documents_published` index (stopping after one page) rather
 * than collect the candidates of the most selective filter and sort them. SQLite cannot estimate a full-text
 * match or a ticker's share, so it is measured: at most SCAN_THRESHOLD + 1 ids are read, never every match.
 */
function walkPublishedIndex(db: DB, options: DocQuery): boolean {
  // PostgreSQL's planner keeps statistics on both (GIN and ticker index) and picks the plan itself.
  if (dialectOf(db) === 'postgres') return false;
  const probe = (sql: string, v: unknown) => run(db, sql, [v], (st) => st.all(v, SCAN_THRESHOLD + 1).length);
  if (options.q)
    return probe('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?', options.q) > SCAN_THRESHOLD;
  if (options.ticker) {
    const sql = 'SELECT document_id FROM document_tickers WHERE ticker = ? LIMIT ?';
    return probe(sql, options.ticker.toUpperCase()) > SCAN_THRESHOLD;
  }
  return true;
}

/**
 * The SQL for a document query. By relevance, the FTS5 index drives it with its BM25 `rank`; newest first, it
 * walks the publication-time index when the filters leave many candidates (see `walkPublishedIndex`). The
 * tickers column is computed in an outer query over the page only.
 */
function documentSql(
  options: DocQuery & { sort?: DocSort },
  plan: { paged: boolean; walkIndex: boolean; postgres: boolean },
): { sql: string; p: Record<string, unknown> } {
  const fts = plan.postgres ? POSTGRES_FTS : SQLITE_FTS;
  const where: string[] = [];
  const p: Record<string, unknown> = { model: options.model ?? null };
  const relevance = !!options.q && options.sort === 'relevance';
  if (options.minRelevance !== undefined && !options.ticker)
    throw new NonRetryableError('a minimum relevance needs a ticker: relevance is of a link to one ticker');
  if (options.ticker) {
    const weighs = options.minRelevance !== undefined ? ' AND relevance >= @minRelevance' : '';
    where.push(`d.id IN (SELECT document_id FROM document_tickers WHERE ticker = @ticker${weighs})`);
    p.ticker = options.ticker.toUpperCase();
    if (weighs) p.minRelevance = options.minRelevance;
  }
  if (options.from) {
    where.push('d.published_at >= @from');
    p.from = options.from;
  }
  if (options.to) {
    where.push('d.published_at <= @to');
    p.to = dayEnd(options.to);
  }
  if (options.q) {
    where.push(relevance ? fts.rankedMatch : fts.match);
    p.q = options.q;
  }
  if (options.label) {
    where.push('s.label = @label');
    p.label = options.label;
  }
  if (options.source) {
    where.push('d.source = @source');
    p.source = options.source;
  }
  let from = relevance ? fts.rankedFrom : 'documents d';
  if (!relevance && plan.walkIndex) from += ' INDEXED BY documents_published';
  const order = relevance ? `${fts.rank}, d.id DESC` : 'd.published_at DESC, d.id DESC';
  const inner = `SELECT d.id, d.source, d.kind, d.published_at, d.title, d.body, d.url, d.author,
      s.model_id, s.label, s.score, s.p_positive, s.p_negative, s.p_neutral
    FROM ${from} LEFT JOIN sentiment_scores s ON s.document_id = d.id AND s.model_id = @model
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order}${plan.paged ? ' LIMIT @limit OFFSET @offset' : ''}`;
  const sql = `SELECT page.id, page.source, page.kind, page.published_at, page.title, page.body, page.url,
      page.author, (SELECT group_concat(ticker, ' ') FROM
        (SELECT ticker FROM document_tickers t WHERE t.document_id = page.id ORDER BY ticker) l) AS tickers,
      page.model_id, page.label, page.score, page.p_positive, page.p_negative, page.p_neutral
    FROM (${inner}) page`;
  return { sql, p };
}

/** Full-text search per dialect: FTS5 with its BM25 rank, or a tsvector column with ts_rank_cd. */
const SQLITE_FTS = {
  match: 'd.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @q)',
  rankedMatch: 'documents_fts MATCH @q',
  rankedFrom: 'documents_fts f JOIN documents d ON d.id = f.rowid',
  rank: 'f.rank',
};
// websearch_to_tsquery reads what users type into search boxes ("quoted phrases", or, -exclusions) and never
// raises a syntax error; FTS5's expression syntax is the SQLite side's.
const POSTGRES_FTS = {
  match: "d.fts @@ websearch_to_tsquery('english', @q)",
  rankedMatch: "d.fts @@ websearch_to_tsquery('english', @q)",
  rankedFrom: 'documents d',
  rank: "ts_rank_cd(d.fts, websearch_to_tsquery('english', @q)) DESC",
};

/**
 * One page of documents with their score for one model: newest first, or by BM25 relevance when `q` (an FTS5
 * query over title and body) is given with `sort: 'relevance'`. Every filter is a bound parameter; dates are
 * inclusive days or ISO instants (UTC). A page holds at most 10,000 rows: use `iterateDocuments` for all.
 */
export function queryDocuments(db: DB, options: DocQuery & { sort?: DocSort }): DocResult[] {
  const model = options.model ?? activeSentimentModel(db) ?? undefined;
  const plan = { paged: true, walkIndex: walkPublishedIndex(db, options), postgres: dialectOf(db) === 'postgres' };
  const { sql, p } = documentSql({ ...options, model }, plan);
  p.limit = Math.min(options.limit ?? 100, 10_000);
  p.offset = options.offset ?? 0;
  // Built from filters, with a user's FTS expression: a failure keeps its SQL and parameters (QueryError).
  return run(db, sql, [p], (st) => st.all(p)) as DocResult[];
}

/** Every matching document, streamed row by row (exports of any size in constant memory). */
export function* iterateDocuments(db: DB, options: DocQuery & { sort?: DocSort }): Generator<DocResult> {
  const model = options.model ?? activeSentimentModel(db) ?? undefined;
  const plan = { paged: false, walkIndex: false, postgres: dialectOf(db) === 'postgres' };
  const { sql, p } = documentSql({ ...options, model }, plan);
  const rows = run(db, sql, [p], (st) => st.iterate(p)) as IterableIterator<DocResult>;
  yield* rows;
}

/** True for the error SQLite raises on a malformed FTS5 expression (the caller's input, not a bug). */
export function isFtsSyntaxError(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return (
    !!cause?.code?.startsWith('SQLITE_ERROR') &&
    /fts5|syntax error|unterminated|no such column|unknown special query/i.test(cause.message ?? '')
  );
}

export interface DailySentimentRow extends SentimentStats {
  ticker: string;
  day: string;
  model_id: string;
  n_news: number;
  n_social: number;
  n_filing: number;
  adj_close: number | null;
  /** Summed link relevance of the day's documents; null on rows aggregated before migration 009. */
  weight: number | null;
}

/** The daily sentiment series for a ticker (with that day's adjusted close), ascending by day. */
export function dailySentiment(
  db: DB,
  options: { ticker: string; from?: string; to?: string; model?: string },
): DailySentimentRow[] {
  return sentimentBetween(db, options);
}

export interface SignalResult {
  ticker: string;
  day: string;
  model_id: string;
  p_up: number;
  direction: string;
  confidence: number;
  created_at: string;
}

/** Signals for one session, or for the latest session that has any. */
export function signalsFor(db: DB, options: { date?: string; model?: string; ticker?: string } = {}): SignalResult[] {
  const day = options.date ?? (db.prepare('SELECT max(day) d FROM signals').get() as { d: string | null }).d;
  if (!day) return [];
  return db
    .prepare(`SELECT ticker, day, model_id, p_up, direction, confidence, created_at FROM signals
    WHERE day = @day AND (@model IS NULL OR model_id = @model) AND (@ticker IS NULL OR ticker = @ticker) ORDER BY
      ticker, model_id`)
    .all({ day, model: options.model ?? null, ticker: options.ticker?.toUpperCase() ?? null }) as SignalResult[];
}
export const latestSignals = (db: DB, options: { model?: string } = {}) => signalsFor(db, options);

export function signalsBetween(db: DB, options: { from?: string; to?: string; model?: string }): SignalResult[] {
  return db
    .prepare(
      `SELECT ticker, day, model_id, p_up, direction, confidence, created_at FROM signals
        WHERE day >= @from AND day <= @to AND (@model IS NULL OR model_id = @model) ORDER BY day, ticker`,
    )
    .all({ from: options.from ?? '0000', to: options.to ?? '9999', model: options.model ?? null }) as SignalResult[];
}

export function sentimentBetween(
  db: DB,
  options: { from?: string; to?: string; model?: string; ticker?: string },
): DailySentimentRow[] {
  const model = options.model ?? activeSentimentModel(db);
  return db
    .prepare(`SELECT a.ticker, a.day, a.model_id, a.n, a.mean_score, a.pos_share, a.neg_share, a.dispersion,
      a.n_news, a.n_social, a.n_filing, p.adj_close, a.weight
    FROM daily_sentiment a LEFT JOIN prices p ON p.ticker = a.ticker AND p.day = a.day
    WHERE a.model_id = @model AND a.day >= @from AND a.day <= @to AND (@ticker IS NULL OR a.ticker = @ticker) ORDER
      BY a.day, a.ticker`)
    .all({
      model,
      from: options.from ?? '0000',
      to: options.to ?? '9999',
      ticker: options.ticker?.toUpperCase() ?? null,
    }) as DailySentimentRow[];
}

export function knownTicker(db: DB, t: string): boolean {
  return !!db
    .prepare('SELECT 1 FROM tickers WHERE symbol = ? UNION SELECT 1 FROM prices WHERE ticker = ? LIMIT 1')
    .get(t.toUpperCase(), t.toUpperCase());
}

export function documentCountsBySource(db: DB): { source: string; kind: string; documents: number; scored: number }[] {
  const model = activeSentimentModel(db);
  return db
    .prepare(`SELECT d.source, d.kind, count(*) documents, count(s.document_id) scored FROM documents d
    LEFT JOIN sentiment_scores s ON s.document_id = d.id AND s.model_id = ? GROUP BY d.source, d.kind ORDER BY
      documents DESC`)
    .all(model) as never;
}

export function scoreCountsByLabel(db: DB): { model_id: string; label: string; n: number }[] {
  return db
    .prepare(
      'SELECT model_id, label, count(*) n FROM sentiment_scores GROUP BY model_id, label ORDER BY model_id, label',
    )
    .all() as never;
}
