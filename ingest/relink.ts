import { createHash } from 'node:crypto';
import type { Store } from '../db/store.js';
import type { TickerRow } from '../db/tickers.js';
import type { TickerLinker } from './linker.js';

const KEY = 'link_universe_sha256';

export function universeHash(tickers: TickerRow[], stopList: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([tickers.map((t) => [t.symbol, t.name, t.cik, t.aliases]), [...stopList].sort()]))
    .digest('hex');
}

/**
 * New documents are linked where they arrive (ingest, import, article extraction). This applies a changed
 * universe (new symbols, aliases, CIKs, stop-list) to the documents already stored: when the universe's hash
 * differs from the one the links were made with, every document is linked again (links only added, never
 * removed), in pages of `page` documents; otherwise nothing is done. Documents whose source stated their
 * tickers (method 'source': StockNet folders, StockTwits symbols) keep exactly those links.
 */
export function relinkIfUniverseChanged(
  store: Store,
  linker: TickerLinker,
  hash: string,
  page = 5000,
): { universeChanged: boolean; documents: number; linksAdded: number } {
  const { db } = store;
  const stored = (db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY) as { value: string } | undefined)?.value;
  if (stored === hash) return { universeChanged: false, documents: 0, linksAdded: 0 };
  const select = db.prepare(`SELECT id, title, body, extra FROM documents d WHERE id > ? AND NOT EXISTS
    (SELECT 1 FROM document_tickers t WHERE t.document_id = d.id AND t.method = 'source') ORDER BY id LIMIT ?`);
  const ins = db.prepare('INSERT OR IGNORE INTO document_tickers (document_id, ticker, method) VALUES (?, ?, ?)');
  let last = 0,
    documents = 0,
    linksAdded = 0;
  for (;;) {
    const rows = select.all(last, page) as {
      id: number;
      title: string | null;
      body: string | null;
      extra: string | null;
    }[];
    if (!rows.length) break;
    store.tx(() => {
      for (const r of rows) {
        const cik = r.extra ? (JSON.parse(r.extra).cik as string | undefined) : undefined;
        for (const l of linker.link(`${r.title ?? ''}\n${r.body ?? ''}`, { cik }))
          linksAdded += ins.run(r.id, l.ticker, l.method).changes;
      }
    });
    documents += rows.length;
    last = rows[rows.length - 1].id;
  }
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    KEY,
    hash,
  );
  return { universeChanged: true, documents, linksAdded };
}
