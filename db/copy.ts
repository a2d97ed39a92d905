import { NonRetryableError } from '../core/errors.js';
import { dialectOf } from './connection.js';
import type { Store } from './store.js';

/** Every table, parents before children, so foreign keys hold at each insert. */
const TABLES = [
  'sources',
  'tickers',
  'models',
  'documents',
  'document_versions',
  'document_tickers',
  'sentiment_scores',
  'prices',
  'daily_sentiment',
  'signals',
  'runs',
  'meta',
  'portfolio_weights',
  'score_jobs',
] as const;

/** Columns PostgreSQL computes itself (the tsvector, the rowid stand-in): never copied, in either direction. */
const POSTGRES_ONLY = ['fts', 'seq'];

/** Tables whose integer id is an identity on PostgreSQL, whose sequence must move past the copied ids. */
const IDENTITIES = ['documents', 'runs', 'score_jobs'] as const;

export interface CopySummary {
  tables: { table: string; rows: number }[];
  seconds: number;
}

/**
 * Copies a whole store into an empty one of either dialect (SQLite to PostgreSQL to move a database onto a
 * server, or back), ids included, streaming each table in transactions of `chunk` rows. Both stores must be at
 * the same migration; the target must hold no documents.
 */
export function copyStore(
  from: Store,
  to: Store,
  options: { chunk?: number; onTable?: (table: string, rows: number) => void } = {},
): CopySummary {
  const t0 = performance.now();
  const chunk = options.chunk ?? 5000;
  const version = (s: Store) =>
    (s.db.prepare('SELECT max(version) v FROM schema_migrations').get() as { v: number | null }).v;
  if (version(from) !== version(to))
    throw new NonRetryableError(`source is at migration ${version(from)}, target at ${version(to)}: migrate both`);
  for (const table of TABLES) {
    const used = (to.db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
    if (used) throw new NonRetryableError(`the target's ${table} holds ${used} rows: copy into an empty database`);
  }
  const tables: CopySummary['tables'] = [];
  for (const table of TABLES) {
    let rows = 0;
    let batch: Record<string, unknown>[] = [];
    let insert: ((r: Record<string, unknown>) => void) | undefined;
    const flush = () => {
      const write = insert;
      if (!write || !batch.length) return;
      const pending = batch;
      to.tx(() => {
        for (const r of pending) write(r);
      });
      batch = [];
    };
    for (const row of from.db.prepare(`SELECT * FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
      for (const c of POSTGRES_ONLY) delete row[c];
      if (!insert) {
        const cols = Object.keys(row);
        const st = to.db.prepare(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
        );
        insert = (r) => st.run(r);
      }
      batch.push(row);
      rows++;
      if (batch.length >= chunk) flush();
    }
    flush();
    tables.push({ table, rows });
    options.onTable?.(table, rows);
  }
  if (dialectOf(to.db) === 'postgres')
    for (const table of IDENTITIES)
      to.db
        .prepare(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1,
            false)`,
        )
        .get();
  return { tables, seconds: (performance.now() - t0) / 1000 };
}
