/**
 * Portfolio weights for 88 tickers with a 250-session covariance window, per date (target: under 100 ms on 2
 * cores), long-only and long-short, against the Ledoit-Wolf covariance alone measured in the same run.
 * Synthetic prices and signals in an in-memory store: the figure is the optimiser's, not the data's.
 * Usage: npm run bench:portfolio
 */
import { sessionBarsBefore, upsertPrices } from '../db/prices.js';
import { upsertSignals } from '../db/signals-store.js';
import { openStore } from '../db/store.js';
import { tradingDaysBetween } from '../fusion/calendar.js';
import { ledoitWolf } from '../fusion/covariance.js';
import { rng } from '../fusion/metrics.js';
import { optimiseWeights } from '../fusion/optimise.js';
import { portfolioForDay } from '../fusion/portfolio.js';
import { syntheticBars } from '../test/support/synthetic-market.js';
import { machine, timeIt } from './util.js';

const store = openStore(':memory:');
const days = tradingDaysBetween('2014-01-02', '2015-12-31');
const random = rng(1);
const tickers = Array.from({ length: 88 }, (_, i) => `T${String(i).padStart(2, '0')}`);
for (const rows of syntheticBars(tickers, days, random, { gap: 0.01, move: 0.03, volume: 1 })) {
  upsertPrices(store.db, rows, 'bench');
}
const dates = days.slice(-20);
const signals = dates.flatMap((day) =>
  tickers.map((ticker) => ({ ticker, day, p_up: 0.3 + random() * 0.4, direction: 'up' as const, confidence: 0 })),
);
upsertSignals(store.db, 'bench', signals, 'now');
const returns = Array.from({ length: 250 }, () => tickers.map(() => (random() - 0.5) * 0.03));
const base = await timeIt(() => ledoitWolf(returns), 10, 2);
// Where a date's time goes: the price windows, the covariance, the solver.
const readWindows = await timeIt(() => tickers.map((t) => sessionBarsBefore(store.db, t, dates[0], 251)), 10, 2);
const { sigma } = ledoitWolf(returns);
const mu = tickers.map(() => (random() - 0.5) * 0.004);
const solve = {
  longOnly: await timeIt(() => optimiseWeights(sigma, mu, 'long-only'), 5, 1),
  longShort: await timeIt(() => optimiseWeights(sigma, mu, 'long-short'), 5, 1),
};
const results = [];
for (const method of ['long-only', 'long-short'] as const) {
  let i = 0;
  const t = await timeIt(() => portfolioForDay(store, dates[i++ % dates.length], { method, window: 250 }), 10, 2);
  results.push({ method, msPerDate: +(t.seconds * 1000).toFixed(1), names: t.result.weights.length });
}
console.log(
  JSON.stringify(
    {
      bench: 'portfolio',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      tickers: tickers.length,
      window: 250,
      baselineLedoitWolfMs: +(base.seconds * 1000).toFixed(1),
      readPriceWindowsMs: +(readWindows.seconds * 1000).toFixed(1),
      solverLongOnlyMs: +(solve.longOnly.seconds * 1000).toFixed(1),
      solverLongShortMs: +(solve.longShort.seconds * 1000).toFixed(1),
      results: results.map((r) => ({ ...r, ratioToLedoitWolf: +(r.msPerDate / (base.seconds * 1000)).toFixed(2) })),
    },
    null,
    2,
  ),
);
