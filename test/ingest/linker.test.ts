import { expect } from 'chai';
import { comparableName, TickerLinker } from '../../ingest/linker.js';
import { shortName } from '../../ingest/universe.js';
import { cashtags } from '../../ingest/social-text.js';
import { universe } from '../support/fixtures.js';

describe('ingest/linker', () => {
  const linker = new TickerLinker(universe(), ['ALL', 'IT', 'T', 'D', 'A']);
  const of = (text: string) => linker.link(text).map((l) => `${l.ticker}:${l.method}`);

  it('links cashtags, company names, aliases and bare symbols, recording how', () => {
    expect(of('$GOOG up; Apple Inc. and Exxon Mobil slip, AAPL flat')).to.have.members([
      'GOOG:cashtag',
      'AAPL:name',
      'XOM:alias',
    ]);
    expect(of('Bank of America fell')).to.deep.equal(['BAC:name']);
  });

  it('a ticker that is a common word links only through its cashtag', () => {
    expect(of('ALL of it. IT budgets rise. T-shirts.')).to.deep.equal([]);
    expect(of('$T rallies')).to.deep.equal(['T:cashtag']);
  });

  it('ignores cashtags outside the universe and money amounts', () => {
    expect(of('$ZZZZ $5 $1.2bn')).to.deep.equal([]);
    expect(cashtags('$aapl, $BRK.B and $5')).to.deep.equal(['AAPL', 'BRK.B']);
  });

  it('links by CIK when a filing feed gives one', () => {
    const l = new TickerLinker([{ symbol: 'HF', name: 'HF Sinclair Corp', sector: null, cik: '1915657', aliases: [] }]);
    expect(l.link('8-K', { cik: '0001915657' })).to.deep.equal([{ ticker: 'HF', method: 'cik', relevance: 1 }]);
  });

  it('links a filing only to its filer, by whole name when the universe lacks its CIK', () => {
    const filing = (filer: string, cik: string) => linker.link(`${filer} (${cik}) (Filer)\n8-K`, { cik, filer });
    // "Southern" is The Southern Company's alias, but this filer is a bank of another name.
    expect(filing('SOUTHERN FIRST BANCSHARES INC', '0001090009')).to.deep.equal([]);
    expect(filing('SOUTHERN CO', '0000092122')).to.deep.equal([{ ticker: 'SO', method: 'name', relevance: 1 }]);
    expect(filing('WELLS FARGO & COMPANY/MN', '0000072971')).to.deep.equal([
      { ticker: 'WFC', method: 'name', relevance: 1 },
    ]);
    expect(filing('JPMORGAN CHASE & CO', '0000019617')).to.deep.equal([
      { ticker: 'JPM', method: 'name', relevance: 1 },
    ]);
    // Without a named filer the text is searched as before.
    expect(linker.link('SOUTHERN FIRST BANCSHARES INC', { cik: '0001090009' })).to.deep.equal([
      { ticker: 'SO', method: 'alias', relevance: 1 },
    ]);
  });

  it('weighs a ticker by its mentions against the most-mentioned one; fully if the title or it alone names it', () => {
    const relevance = (body: string, title?: string) =>
      Object.fromEntries(linker.link(body, { title }).map((l) => [l.ticker, l.relevance]));
    const body =
      'Apple said iPhone sales rose. Apple shares gained as Apple raised its dividend; Exxon Mobil was flat.';
    expect(relevance(body)).to.deep.equal({ AAPL: 1, XOM: 0.333 });
    expect(relevance(body, 'Exxon Mobil and Apple report results')).to.deep.equal({ AAPL: 1, XOM: 1 });
    expect(relevance('Exxon Mobil was flat.')).to.deep.equal({ XOM: 1 });
    // A ticker named once in a story naming another 5,000 times still weighs something.
    expect(relevance(`${'Apple rose. '.repeat(5000)}Exxon Mobil was flat.`).XOM).to.equal(0.001);
    // Two companies named as often are both what the story is about.
    expect(relevance('Apple sued Exxon Mobil; Exxon Mobil sued Apple.')).to.deep.equal({ AAPL: 1, XOM: 1 });
  });

  it('links a ticker the title names by the most trusted way either text names it', () => {
    expect(linker.link('$AAPL rallies', { title: 'Apple news' })).to.deep.equal([
      { ticker: 'AAPL', method: 'cashtag', relevance: 1 },
    ]);
  });

  it('compares company names across listings without case, legal suffix, state tag or punctuation', () => {
    expect(comparableName('JPMorgan Chase & Co.')).to.equal(comparableName('JPMORGAN CHASE & CO'));
    expect(comparableName('BANK OF AMERICA CORP /DE/')).to.equal('bank of america');
    expect(comparableName('AT&T Inc.')).to.equal(comparableName('AT&T INC'));
    expect(comparableName('Southern First Bancshares Inc')).not.to.equal(comparableName('The Southern Company'));
  });

  it('derives short names by dropping legal suffixes', () => {
    expect(shortName('The Coca-Cola Company')).to.equal('Coca-Cola');
    expect(shortName('Apple Inc.')).to.equal('Apple');
  });
});
