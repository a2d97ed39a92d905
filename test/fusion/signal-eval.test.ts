import { expect } from 'chai';
import { upsertPrices } from '../../db/prices.js';
import { upsertSignals } from '../../db/signals-store.js';
import { openStore, type Store } from '../../db/store.js';
import { backtest } from '../../fusion/backtest.js';
import { dollarNeutralWeights } from '../../fusion/book.js';
import { tradingDaysBetween } from '../../fusion/calendar.js';
import { rng, shuffleInPlace } from '../../fusion/metrics.js';
import { neweyWestT } from '../../fusion/signal-stats.js';
import { evaluateSignals } from '../../fusion/signal-eval.js';
import { syntheticBars } from '../support/synthetic-market.js';

const MODEL = 'planted@test';
const days = tradingDaysBetween('2015-01-02', '2015-06-30');
const tickers = Array.from({ length: 20 }, (_, i) => `T${String(i).padStart(2, '0')}`);

/** Random prices with overnight gaps and intraday moves; returns each (ticker, day)'s open-to-close return. */
function market(store: Store, seed: number): Map<string, number> {
  const oc = new Map<string, number>();
  for (const rows of syntheticBars(tickers, days, rng(seed), { gap: 0.02, move: 0.04 })) {
    for (const r of rows) oc.set(`${r.ticker}|${r.day}`, (r.close as number) / (r.open as number) - 1);
    upsertPrices(store.db, rows, 'test');
  }
  return oc;
}

function signal(store: Store, pUp: (t: string, day: string) => number) {
  const rows = days.flatMap((day) =>
    tickers.map((ticker) => {
      const p = pUp(ticker, day);
      return { ticker, day, p_up: p, direction: p >= 0.5 ? ('up' as const) : ('down' as const), confidence: 0 };
    }),
  );
  upsertSignals(store.db, MODEL, rows, 't');
}

const range = { from: days[0], to: days[days.length - 1], model: MODEL };

describe('fusion/signal-eval', () => {
  it('a planted signal (its session’s open-to-close return leaked in) has IC near 1; shuffled, near 0', () => {
    const store = openStore(':memory:');
    const oc = market(store, 1);
    const noise = rng(3);
    // A little noise, so the daily IC is near 1 rather than exactly 1 (whose t-statistic is undefined).
    signal(store, (t, d) => 1 / (1 + Math.exp(-100 * (oc.get(`${t}|${d}`) ?? 0) + (noise() - 0.5) * 0.3)));
    const planted = evaluateSignals(store, range);
    const h1 = planted.horizons[0];
    expect(h1.ic.mean).to.be.greaterThan(0.95);
    expect(h1.ic.t).to.be.greaterThan(10);
    expect(h1.spread).to.be.greaterThan(0);
    expect(h1.quantiles[4]).to.be.greaterThan(h1.quantiles[0]);
    expect(planted.hitRate).to.be.greaterThan(0.95);
    expect(planted.longShort.sharpe).to.be.greaterThan(planted.buyAndHold.sharpe);

    const shuffledStore = openStore(':memory:');
    market(shuffledStore, 1);
    const random = rng(7);
    const byDay = new Map(days.map((d) => [d, shuffleInPlace([...tickers], random)]));
    signal(shuffledStore, (t, d) => {
      const other = byDay.get(d)![tickers.indexOf(t)];
      return 1 / (1 + Math.exp(-100 * (oc.get(`${other}|${d}`) ?? 0)));
    });
    const shuffled = evaluateSignals(shuffledStore, range).horizons[0];
    expect(Math.abs(shuffled.ic.mean)).to.be.lessThan(0.08);
    expect(Math.abs(shuffled.ic.t)).to.be.lessThan(3);
  });

  it('scores a signal on open-to-close by default and on close-to-close only when asked', () => {
    const store = openStore(':memory:');
    const oc = market(store, 2);
    signal(store, (t, d) => 1 / (1 + Math.exp(-100 * (oc.get(`${t}|${d}`) ?? 0))));
    const openClose = backtest(store, range);
    const closeClose = backtest(store, { ...range, returns: 'close-close' });
    expect(openClose.returns).to.equal('open-close');
    expect(closeClose.returns).to.equal('close-close');
    expect(openClose.hitRate).to.be.greaterThan(0.95);
    // The leak is intraday, so the overnight gap the close-to-close move adds blurs it.
    expect(closeClose.hitRate).to.be.lessThan(openClose.hitRate);
  });

  it('keeps the long/short book dollar-neutral every session, even when every name is signalled up', () => {
    const store = openStore(':memory:');
    market(store, 3);
    const random = rng(11);
    signal(store, () => 0.6 + random() * 0.3);
    const bt = backtest(store, range);
    expect(bt.strategy.maxAbsNetExposure).to.be.lessThan(1e-12);
    expect(bt.strategy.grossExposure).to.be.closeTo(1, 1e-12);
    const w = dollarNeutralWeights(tickers.map((ticker, i) => ({ ticker, p_up: 0.9 - i * 0.001 })));
    expect([...w.values()].reduce((a, b) => a + b, 0)).to.be.closeTo(0, 1e-12);
    expect([...w.values()].filter((x) => x < 0)).to.have.length(10);
  });

  it('widens the Newey–West standard error when daily values are autocorrelated', () => {
    const random = rng(5);
    const iid = Array.from({ length: 500 }, () => random() - 0.45);
    let x = 0;
    const persistent = Array.from({ length: 500 }, () => {
      x = 0.9 * x + (random() - 0.45);
      return x;
    });
    const plainSe = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
    };
    expect(neweyWestT(iid).se / plainSe(iid)).to.be.within(0.8, 1.2);
    expect(neweyWestT(persistent, 10).se / plainSe(persistent)).to.be.greaterThan(2);
  });
});
