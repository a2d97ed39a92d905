import { expect } from 'chai';
import { runIngest } from '../../ingest/run-ingest.js';
import { startFixtureServer, type FixtureServer } from '../../sample/fixture-server.js';
import { testDeps } from '../support/fixtures.js';
import { sourceFrom } from '../support/sources.js';

describe('ingest/stooq', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  const stooq = (symbols: string[]) => sourceFrom({ type: 'stooq', id: 'px', symbols, baseUrl: server.url });
  const storedTickers = (d: ReturnType<typeof testDeps>) =>
    (d.store.db.prepare('SELECT DISTINCT ticker FROM prices ORDER BY ticker').all() as { ticker: string }[]).map(
      (r) => r.ticker,
    );

  it('stores the daily bars of every symbol', async () => {
    const d = testDeps();
    const [out] = await runIngest([stooq(['msft', 'XOM'])], d);
    expect(out.status).to.equal('ok');
    expect(out.prices).to.be.greaterThan(100);
    expect(storedTickers(d)).to.deep.equal(['MSFT', 'XOM']);
  });

  it('a symbol Stooq does not know is reported and the other symbols still land', async () => {
    const d = testDeps();
    const [out] = await runIngest([stooq(['MSFT', 'NOSUCH', 'XOM'])], d);
    expect(out.status).to.equal('partial');
    expect(out.warnings).to.have.length(1);
    expect(out.warnings[0]).to.match(/^NOSUCH: /);
    expect(storedTickers(d)).to.deep.equal(['MSFT', 'XOM']);
  });

  it('a source whose every symbol fails is an error and stores nothing', async () => {
    const d = testDeps();
    const [out] = await runIngest([stooq(['NOSUCH'])], d);
    expect(out.status).to.equal('error');
    expect(storedTickers(d)).to.deep.equal([]);
  });
});
