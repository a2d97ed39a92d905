import type { LinkMethod } from './documents.js';
import { type DB, stmt } from './store.js';

export interface LinkInput {
  ticker: string;
  method: LinkMethod;
  sourceDay?: string | null;
  /** How much the document is about the ticker, in (0, 1] (see TickerLinker.link); 1 when not given. */
  relevance?: number;
}

/**
 * Adds ticker links to a document. A link already there keeps its method and source day; its relevance is
 * updated, since a longer text (the article behind a feed item) or a changed universe weighs it anew. Returns how
 * many links were new.
 */
export function addLinks(db: DB, documentId: number, links: readonly LinkInput[]): number {
  const insert = stmt(
    db,
    `INSERT OR IGNORE INTO document_tickers (document_id, ticker, method, source_day, relevance)
      VALUES (?, ?, ?, ?, ?)`,
  );
  const reweigh = stmt(
    db,
    `UPDATE document_tickers SET relevance = ? WHERE document_id = ? AND ticker = ? AND method <> 'source'
      AND relevance <> ?`,
  );
  let added = 0;
  for (const l of links) {
    const relevance = l.relevance ?? 1;
    const created = insert.run(documentId, l.ticker, l.method, l.sourceDay ?? null, relevance).changes;
    if (created) added++;
    else reweigh.run(relevance, documentId, l.ticker, relevance);
  }
  return added;
}

export interface RelinkCandidate {
  id: number;
  title: string | null;
  body: string | null;
  extra: string | null;
}

/**
 * One page of documents whose links the linker decides, in id order after `afterId`. Documents whose source
 * stated their tickers (method 'source') are left out: they keep exactly those links.
 */
export function relinkCandidates(db: DB, afterId: number, limit: number): RelinkCandidate[] {
  return stmt(
    db,
    `SELECT id, title, body, extra FROM documents d WHERE id > ? AND NOT EXISTS
      (SELECT 1 FROM document_tickers t WHERE t.document_id = d.id AND t.method = 'source') ORDER BY id LIMIT ?`,
  ).all(afterId, limit) as RelinkCandidate[];
}
