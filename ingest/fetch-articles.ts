import { errorMessage, NonRetryableError } from '../core/errors.js';
import type { IngestDeps } from './run-ingest.js';
import { extractArticle } from './article.js';
import { contentHash } from '../db/documents.js';

/**
 * Fetches the page behind each document marked `article_status = 'pending'` and replaces the feed
 * summary with the extracted body (the summary moves to extra.feedSummary). Pages that cannot be had for
 * good are marked failed with the reason; transient failures stay pending for the next run.
 */
export async function fetchArticles(
  deps: Pick<IngestDeps, 'store' | 'http' | 'clock' | 'logger' | 'linker'>,
  limit = 500,
): Promise<{ done: number; failed: number; pending: number }> {
  const { db } = deps.store;
  const rows = db
    .prepare(`SELECT id, url, title, body, extra FROM documents WHERE article_status = 'pending' ORDER BY id LIMIT ?`)
    .all(limit) as { id: number; url: string; title: string | null; body: string | null; extra: string | null }[];
  const update =
    db.prepare(`UPDATE documents SET body = @body, author = COALESCE(author, @author), published_at = COALESCE(published_at, @published),
    title = COALESCE(title, @title), extra = @extra, content_hash = @hash, article_status = 'done' WHERE id = @id`);
  const version = db.prepare(
    'INSERT OR IGNORE INTO document_versions (document_id, content_hash, title, seen_at) VALUES (?, ?, ?, ?)',
  );
  const link = db.prepare('INSERT OR IGNORE INTO document_tickers (document_id, ticker, method) VALUES (?, ?, ?)');
  const fail = db.prepare(`UPDATE documents SET article_status = ? WHERE id = ?`);
  let done = 0,
    failed = 0,
    pending = 0;
  await Promise.all(
    rows.map(async (r) => {
      try {
        const res = await deps.http.get(r.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
        const a = extractArticle(res.body, res.headers.get('content-type') ?? undefined);
        if (!a.body) throw new NonRetryableError('no article text found on the page');
        const extra = { ...(r.extra ? JSON.parse(r.extra) : {}), feedSummary: r.body, description: a.description };
        const hash = contentHash(r.title ?? a.title, a.body);
        deps.store.tx(() => {
          update.run({
            id: r.id,
            body: a.body,
            author: a.authors.join(', ') || null,
            published: a.published,
            title: a.title,
            extra: JSON.stringify(extra),
            hash,
          });
          version.run(r.id, hash, r.title ?? a.title, deps.clock.now().toISOString());
          for (const l of deps.linker.link(`${r.title ?? ''}\n${a.body}`)) link.run(r.id, l.ticker, l.method);
        });
        done++;
      } catch (err) {
        if (err instanceof NonRetryableError) {
          fail.run(`failed: ${errorMessage(err)}`.slice(0, 300), r.id);
          failed++;
        } else {
          pending++;
        }
        deps.logger.warn({ doc: r.id, url: r.url, err: errorMessage(err) }, 'article fetch failed');
      }
    }),
  );
  return { done, failed, pending };
}
