import { contentHash } from './documents.js';
import { type DB, stmt } from './store.js';

export interface PendingArticle {
  id: number;
  url: string;
  title: string | null;
  body: string | null;
  extra: string | null;
}

/** Documents whose article page is still wanted, oldest first. */
export function pendingArticles(db: DB, limit: number): PendingArticle[] {
  return stmt(
    db,
    `SELECT id, url, title, body, extra FROM documents WHERE article_status = 'pending' ORDER BY id LIMIT ?`,
  ).all(limit) as PendingArticle[];
}

export interface ExtractedArticle {
  title: string | null;
  body: string;
  author: string | null;
  published: string | null;
  extra: Record<string, unknown>;
}

/** Stores an extracted article over the feed summary and records the new content hash as a version. */
export function saveArticle(db: DB, id: number, feedTitle: string | null, a: ExtractedArticle, seenAt: string): void {
  const hash = contentHash(feedTitle ?? a.title, a.body);
  stmt(
    db,
    `UPDATE documents SET body = @body, author = COALESCE(author, @author),
      published_at = COALESCE(published_at, @published), title = COALESCE(title, @title), extra = @extra,
      content_hash = @hash, article_status = 'done' WHERE id = @id`,
  ).run({
    id,
    body: a.body,
    author: a.author,
    published: a.published,
    title: a.title,
    extra: JSON.stringify(a.extra),
    hash,
  });
  stmt(
    db,
    'INSERT OR IGNORE INTO document_versions (document_id, content_hash, title, seen_at) VALUES (?, ?, ?, ?)',
  ).run(id, hash, feedTitle ?? a.title, seenAt);
}

/** Marks an article as failed for good, keeping the reason (short) in its status. */
export function failArticle(db: DB, id: number, reason: string): void {
  stmt(db, 'UPDATE documents SET article_status = ? WHERE id = ?').run(`failed: ${reason}`.slice(0, 300), id);
}
