import { createHash } from 'node:crypto';
import { addLinks, relinkCandidates } from '../db/links.js';
import { getMeta, setMeta } from '../db/meta.js';
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
  if (getMeta(db, KEY) === hash) return { universeChanged: false, documents: 0, linksAdded: 0 };
  let last = 0,
    documents = 0,
    linksAdded = 0;
  for (;;) {
    const rows = relinkCandidates(db, last, page);
    if (!rows.length) break;
    store.tx(() => {
      for (const r of rows) {
        const { cik, filer } = (r.extra ? JSON.parse(r.extra) : {}) as { cik?: string; filer?: string };
        linksAdded += addLinks(db, r.id, linker.link(r.body ?? '', { cik, filer, title: r.title }));
      }
    });
    documents += rows.length;
    last = rows[rows.length - 1].id;
  }
  setMeta(db, KEY, hash);
  return { universeChanged: true, documents, linksAdded };
}
