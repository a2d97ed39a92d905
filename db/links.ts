import type { LinkMethod } from './documents.js';
import { type DB, stmt } from './store.js';

export interface LinkInput {
  ticker: string;
  method: LinkMethod;
  sourceDay?: string | null;
}

/** Adds ticker links to a document; links already there are kept as they are. Returns how many were new. */
export function addLinks(db: DB, documentId: number, links: readonly LinkInput[]): number {
  const st = stmt(
    db,
    'INSERT OR IGNORE INTO document_tickers (document_id, ticker, method, source_day) VALUES (?, ?, ?, ?)',
  );
  let added = 0;
  for (const l of links) added += st.run(documentId, l.ticker, l.method, l.sourceDay ?? null).changes;
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
