import { expect } from 'chai';
import { openStore } from '../../db/store.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { data } from './helpers.js';

describe('full data: StockNet import', () => {
  it('loads every visible tweet file and the 88 price files, deduplicating cross-posted tweets', () => {
    const s = openStore(':memory:');
    const r = importStocknet(s, data('stocknet-acl18'));
    expect(r.tickers).to.equal(88);
    expect(r.skippedLines).to.equal(0);
    expect(r.tweets).to.be.greaterThan(90_000);
    // Same user, instant and text under several tickers is one document with several links.
    expect(r.inserted).to.be.lessThan(r.tweets);
    expect((s.db.prepare('SELECT count(DISTINCT ticker) n FROM prices').get() as { n: number }).n).to.be.greaterThan(
      85,
    );
    expect(
      (s.db.prepare("SELECT max(day) d FROM prices WHERE ticker = 'AAPL'").get() as { d: string }).d >= '2015-09-30',
    ).to.equal(true);
  });
});
