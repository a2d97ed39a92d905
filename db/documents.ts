import { createHash } from 'node:crypto';
import { sqlFor } from './connection.js';
import { addLinks, type LinkInput } from './links.js';
import type { DB } from './store.js';

export type DocKind = 'news' | 'filing' | 'social';
export type LinkMethod = 'cashtag' | 'name' | 'alias' | 'symbol' | 'cik' | 'source';

export interface DocumentInput {
  source: string;
  /** Deterministic unique key within the source: normalised URL or the platform's post id. */
  key: string;
  kind: DocKind;
  url?: string | null;
  title?: string | null;
  body?: string | null;
  author?: string | null;
  /** ISO-8601 in UTC. */
  publishedAt?: string | null;
  language?: string | null;
  extra?: Record<string, unknown> | null;
  /** Links known at ingest (e.g. the StockTwits symbols array); more are added by the linker. */
  tickers?: LinkInput[];
  /** Ask the article stage to fetch the full text behind `url`. */
  wantArticle?: boolean;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  alreadyPresent: number;
  ids: number[];
  newIds: number[];
}

export function contentHash(title: string | null | undefined, body: string | null | undefined): string {
  return createHash('sha256')
    .update(`${title ?? ''}\n${body ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Inserts documents idempotently by (source, key). An unchanged document is counted as alreadyPresent;
 * an edited one (new content hash) is updated in place and its new hash added to document_versions.
 * Call inside a transaction for speed; it is correct either way.
 */
export function upsertDocuments(db: DB, docs: DocumentInput[], fetchedAt: string): UpsertResult {
  const ins = db.prepare(`INSERT INTO documents (source, key, kind, url, title, body, author, published_at, fetched_at,
      language, content_hash, article_status, extra)
    VALUES (@source, @key, @kind, @url, @title, @body, @author, @publishedAt, @fetchedAt, @language, @hash,
      @articleStatus, @extra)
    ON CONFLICT (source, key) DO NOTHING RETURNING id`);
  const find = db.prepare('SELECT id, content_hash, title, article_status FROM documents WHERE source = ? AND key = ?');
  // Once the article behind a feed item is extracted, the feed's short version must not overwrite it: an
  // unchanged item is already present, and an edited title updates the title and re-queues the article.
  const retitle = db.prepare(
    `UPDATE documents SET title = @title, article_status = 'pending', fetched_at = @fetchedAt WHERE id = @id`,
  );
  const upd = db.prepare(`UPDATE documents SET title = @title, body = @body, author = COALESCE(@author, author), url =
      COALESCE(@url, url),
    published_at = COALESCE(published_at, @publishedAt), content_hash = @hash, fetched_at = @fetchedAt WHERE id = @id`);
  const ver = db.prepare(
    'INSERT OR IGNORE INTO document_versions (document_id, content_hash, title, seen_at) VALUES (?, ?, ?, ?)',
  );
  const out: UpsertResult = { inserted: 0, updated: 0, alreadyPresent: 0, ids: [], newIds: [] };
  for (const d of docs) {
    const hash = contentHash(d.title, d.body);
    const row = {
      source: d.source,
      key: d.key,
      kind: d.kind,
      url: d.url ?? null,
      title: d.title ?? null,
      body: d.body ?? null,
      author: d.author ?? null,
      publishedAt: d.publishedAt ?? null,
      fetchedAt,
      language: d.language ?? null,
      hash,
      articleStatus: d.wantArticle && d.url ? 'pending' : null,
      extra: d.extra ? JSON.stringify(d.extra) : null,
    };
    const created = ins.get(row) as { id: number } | undefined;
    let id: number;
    if (created) {
      id = created.id;
      out.inserted++;
      out.newIds.push(id);
      ver.run(id, hash, row.title, fetchedAt);
    } else {
      const existing = find.get(d.source, d.key) as {
        id: number;
        content_hash: string;
        title: string | null;
        article_status: string | null;
      };
      id = existing.id;
      if (existing.article_status === 'done' && d.wantArticle) {
        if ((existing.title ?? null) === row.title) out.alreadyPresent++;
        else {
          retitle.run({ id, title: row.title, fetchedAt });
          ver.run(id, contentHash(row.title, null), row.title, fetchedAt);
          out.updated++;
        }
      } else if (existing.content_hash === hash) out.alreadyPresent++;
      else {
        upd.run({ ...row, id });
        ver.run(id, hash, row.title, fetchedAt);
        out.updated++;
      }
    }
    out.ids.push(id);
    if (d.tickers?.length) addLinks(db, id, d.tickers);
  }
  return out;
}

export interface DocumentRow {
  id: number;
  source: string;
  key: string;
  kind: DocKind;
  url: string | null;
  title: string | null;
  body: string | null;
  author: string | null;
  published_at: string | null;
  fetched_at: string;
  language: string | null;
  content_hash: string;
  article_status: string | null;
  extra: string | null;
}

export function getDocument(db: DB, id: number): DocumentRow | undefined {
  return db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
}

export function documentVersions(
  db: DB,
  id: number,
): { content_hash: string; title: string | null; seen_at: string }[] {
  const order = sqlFor(db, { sqlite: 'rowid', postgres: 'seq' });
  return db
    .prepare(
      `SELECT content_hash, title, seen_at FROM document_versions WHERE document_id = ? ORDER BY seen_at, ${order}`,
    )
    .all(id) as never;
}

export function lastDocumentId(db: DB): number | null {
  return (db.prepare('SELECT max(id) n FROM documents').get() as { n: number | null }).n;
}
