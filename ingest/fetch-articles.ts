import { errorMessage, NonRetryableError } from '../core/errors.js';
import type { IngestDeps } from './run-ingest.js';
import { extractArticle } from './article.js';
import { failArticle, pendingArticles, saveArticle } from '../db/articles.js';
import { addLinks } from '../db/links.js';
import { PAGE_REQUEST } from './load-page.js';
import { assertPageText } from './binary-body.js';

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
  const rows = pendingArticles(db, limit);
  let done = 0,
    failed = 0,
    pending = 0;
  await Promise.all(
    rows.map(async (r) => {
      try {
        const res = await deps.http.get(r.url, PAGE_REQUEST);
        // A server that sends a PDF or an image as text/html: failed for good, the feed summary kept.
        assertPageText(res.body, r.url);
        const a = extractArticle(res.body, res.headers.get('content-type') ?? undefined);
        if (!a.body) throw new NonRetryableError('no article text found on the page');
        const extra = { ...(r.extra ? JSON.parse(r.extra) : {}), feedSummary: r.body, description: a.description };
        deps.store.tx(() => {
          const article = {
            title: a.title,
            body: a.body,
            author: a.authors.join(', ') || null,
            published: a.published,
            extra,
          };
          saveArticle(db, r.id, r.title, article, deps.clock.now().toISOString());
          addLinks(db, r.id, deps.linker.link(a.body, { title: r.title }));
        });
        done++;
      } catch (err) {
        if (err instanceof NonRetryableError) {
          failArticle(db, r.id, errorMessage(err));
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
