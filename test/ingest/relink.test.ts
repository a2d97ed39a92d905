import { expect } from 'chai';
import { upsertDocuments } from '../../db/documents.js';
import { openStore } from '../../db/store.js';
import { TickerLinker } from '../../ingest/linker.js';
import { relinkIfUniverseChanged, universeHash } from '../../ingest/relink.js';
import type { TickerRow } from '../../db/tickers.js';

const links = (s: ReturnType<typeof openStore>) =>
  s.db.prepare('SELECT document_id, ticker, method FROM document_tickers ORDER BY document_id, ticker').all();

describe('ingest/relink', () => {
  it('links stored documents again only when the universe changed, and leaves source-given links alone', () => {
    const s = openStore(':memory:');
    upsertDocuments(
      s.db,
      [
        {
          source: 'news',
          key: 'a',
          kind: 'news',
          title: 'Acme Widgets beats estimates',
          body: 'Shares of the widget maker rose.',
        },
        {
          source: 'stocknet',
          key: 'b',
          kind: 'social',
          body: 'acme widgets and apple',
          tickers: [{ ticker: 'AAPL', method: 'source' }],
        },
      ],
      't',
    );
    const v1: TickerRow[] = [{ symbol: 'AAPL', name: 'Apple Inc.', sector: null, cik: null, aliases: ['Apple'] }];
    expect(relinkIfUniverseChanged(s, new TickerLinker(v1), universeHash(v1, []))).to.deep.equal({
      universeChanged: true,
      documents: 1,
      linksAdded: 0,
    });
    expect(relinkIfUniverseChanged(s, new TickerLinker(v1), universeHash(v1, []))).to.deep.equal({
      universeChanged: false,
      documents: 0,
      linksAdded: 0,
    });
    const v2 = [
      ...v1,
      { symbol: 'ACME', name: 'Acme Widgets Inc.', sector: null, cik: null, aliases: ['Acme Widgets'] },
    ];
    expect(relinkIfUniverseChanged(s, new TickerLinker(v2), universeHash(v2, []))).to.deep.equal({
      universeChanged: true,
      documents: 1,
      linksAdded: 1,
    });
    expect(links(s)).to.deep.equal([
      { document_id: 1, ticker: 'ACME', method: 'alias' },
      { document_id: 2, ticker: 'AAPL', method: 'source' },
    ]);
  });
  it('weighs the links of stored documents anew when the universe changes', () => {
    const s = openStore(':memory:');
    const body = 'Acme Widgets rose. Acme Widgets raised its outlook, and Acme Widgets hired. Apple was flat.';
    upsertDocuments(s.db, [{ source: 'news', key: 'a', kind: 'news', title: 'Markets', body }], 't');
    const relevance = () =>
      s.db.prepare('SELECT ticker, relevance FROM document_tickers ORDER BY ticker').all() as {
        ticker: string;
        relevance: number;
      }[];
    const v1: TickerRow[] = [{ symbol: 'AAPL', name: 'Apple Inc.', sector: null, cik: null, aliases: ['Apple'] }];
    relinkIfUniverseChanged(s, new TickerLinker(v1), universeHash(v1, []));
    // Alone in the universe, Apple is the only ticker the story names: fully relevant.
    expect(relevance()).to.deep.equal([{ ticker: 'AAPL', relevance: 1 }]);
    const v2 = [
      ...v1,
      { symbol: 'ACME', name: 'Acme Widgets Inc.', sector: null, cik: null, aliases: ['Acme Widgets'] },
    ];
    relinkIfUniverseChanged(s, new TickerLinker(v2), universeHash(v2, []));
    expect(relevance()).to.deep.equal([
      { ticker: 'AAPL', relevance: 0.333 },
      { ticker: 'ACME', relevance: 1 },
    ]);
  });
});
