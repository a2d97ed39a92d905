import { expect } from 'chai';
import { InvalidArgumentError } from 'commander';
import { TICKER_SYMBOL } from '../../core/tickers.js';
import { nonEmpty, ticker } from '../../cli/parse.js';

describe('cli/parse: ticker filters', () => {
  it('refuses an empty or blank ticker instead of reading it as no filter', () => {
    for (const v of ['', ' ', '\t']) expect(() => ticker(v)).to.throw(InvalidArgumentError, /not a ticker/);
  });

  it('refuses what the API refuses: punctuation, spaces, digits, more than 10 characters', () => {
    for (const v of ['A;DROP', 'AA PL', 'AAPL1', 'ABCDEFGHIJK']) {
      expect(() => ticker(v), v).to.throw(InvalidArgumentError);
      expect(TICKER_SYMBOL.test(v), v).to.equal(false);
    }
  });

  it('upper-cases share classes and lower-case input', () => {
    expect(ticker('brk.b')).to.equal('BRK.B');
    expect(ticker('bf-b')).to.equal('BF-B');
  });
});

describe('cli/parse: names and paths', () => {
  it('refuses an empty or blank value, which would otherwise mean the option was not given', () => {
    for (const v of ['', '  ', '\n']) expect(() => nonEmpty(v)).to.throw(InvalidArgumentError, /must not be empty/);
    expect(nonEmpty('sec-usgaap')).to.equal('sec-usgaap');
  });
});
