import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApi } from '../../serve/api.js';
import { EXPORT_COLUMNS, writeExport } from '../../serve/export.js';
import { upsertPrices } from '../../db/prices.js';
import { upsertSignals } from '../../db/signals-store.js';
import { openStore } from '../../db/store.js';
import { tradingDaysBetween } from '../../fusion/calendar.js';
import { ledoitWolf } from '../../fusion/covariance.js';
import { rng } from '../../fusion/metrics.js';
import { optimiseWeights } from '../../fusion/optimise.js';
import { backtestPortfolio, writePortfolio } from '../../fusion/portfolio.js';
import { minimiseQuadratic } from '../../fusion/qp.js';

/** Solves Ax = b by Gaussian elimination (the closed form's Σ⁻¹μ, computed independently of the solver). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    const p = M.reduce((best, r, i) => (i >= c && Math.abs(r[c]) > Math.abs(M[best][c]) ? i : best), c);
    [M[c], M[p]] = [M[p], M[c]];
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const f = M[i][c] / M[c][c];
      for (let j = c; j <= n; j++) M[i][j] -= f * M[c][j];
    }
  }
  return M.map((r, i) => r[n] / r[i]);
}

function randomCovariance(n: number, seed: number): number[][] {
  const random = rng(seed);
  const rows = Array.from({ length: 300 }, () => Array.from({ length: n }, () => (random() - 0.5) * 0.04));
  return ledoitWolf(rows).sigma;
}

describe('fusion/portfolio', () => {
  const n = 8;
  const sigma = randomCovariance(n, 1);
  const random = rng(2);
  const mu = Array.from({ length: n }, () => (random() - 0.5) * 0.004);

  it('matches the closed form Σ⁻¹μ / λ when nothing binds', () => {
    const lambda = 10;
    const w = minimiseQuadratic(
      sigma.map((r) => r.map((v) => lambda * v)),
      mu,
      [],
    );
    const closed = solve(sigma, mu).map((x) => x / lambda);
    w.forEach((x, i) => {
      expect(x).to.be.closeTo(closed[i], 1e-9 * Math.max(1, Math.abs(closed[i])));
    });
  });

  it('meets the KKT conditions of the constrained long-only problem', () => {
    const lambda = 10;
    const cap = 0.3;
    const w = optimiseWeights(sigma, mu, 'long-only', { lambda, cap });
    const grad = w.map((_, i) => lambda * sigma[i].reduce((a, s, j) => a + s * w[j], 0) - mu[i]);
    const interior = w.map((x, i) => [x, grad[i]]).filter(([x]) => x > 1e-7 && x < cap - 1e-7);
    expect(interior.length).to.be.greaterThan(0);
    const level = interior[0][1];
    for (const [, g] of interior) expect(g).to.be.closeTo(level, 1e-8);
    w.forEach((x, i) => {
      if (x <= 1e-7) expect(grad[i]).to.be.at.least(level - 1e-8);
      if (x >= cap - 1e-7) expect(grad[i]).to.be.at.most(level + 1e-8);
    });
  });

  it('respects every bound: long-only fully invested under the cap; long-short dollar-neutral under gross', () => {
    const long = optimiseWeights(sigma, mu, 'long-only', { cap: 0.2 });
    expect(long.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-9);
    for (const x of long) expect(x).to.be.within(-1e-10, 0.2 + 1e-10);
    const ls = optimiseWeights(sigma, mu, 'long-short', { cap: 0.15, gross: 0.6, lambda: 0.5 });
    expect(ls.reduce((a, b) => a + b, 0)).to.be.closeTo(0, 1e-9);
    expect(ls.reduce((a, b) => a + Math.abs(b), 0)).to.be.at.most(0.6 + 1e-8);
    for (const x of ls) expect(Math.abs(x)).to.be.at.most(0.15 + 1e-9);
    expect(ls.some((x) => x > 1e-6) && ls.some((x) => x < -1e-6)).to.equal(true);
  });

  it('shrinks a noisy covariance towards a scaled identity and keeps it positive definite', () => {
    const r = rng(3);
    const rows = Array.from({ length: 30 }, () => Array.from({ length: 20 }, () => r() - 0.5));
    const { sigma: s, shrinkage } = ledoitWolf(rows);
    expect(shrinkage).to.be.within(0, 1);
    expect(shrinkage).to.be.greaterThan(0.3); // 30 sessions for 20 names: the sample covariance is mostly noise
    expect(() => optimiseWeights(s, new Array(20).fill(0.001), 'long-only')).not.to.throw();
  });

  it('weighs a day from its signals and earlier returns only; stores, serves, exports, backtests it', async () => {
    const store = openStore(':memory:');
    const days = tradingDaysBetween('2014-01-02', '2015-03-31');
    const r = rng(4);
    const tickers = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];
    for (const t of tickers) {
      let c = 100;
      const rows = days.map((day) => {
        const open = c * (1 + (r() - 0.5) * 0.01);
        c = open * (1 + (r() - 0.5) * 0.03);
        return { ticker: t, day, open, high: c, low: c, close: c, adj_close: c, volume: 1 };
      });
      upsertPrices(store.db, rows, 't');
    }
    const signalDays = days.slice(-40);
    const signals = signalDays.flatMap((day) =>
      tickers.map((ticker, i) => ({ ticker, day, p_up: 0.4 + i * 0.05, direction: 'up' as const, confidence: 0 })),
    );
    upsertSignals(store.db, 'm', signals, 't');
    const p = writePortfolio(store, signalDays[0], { method: 'long-only', cap: 0.5 });
    expect(p.weights).to.have.length(5);
    expect(p.cap).to.equal(0.5);
    // Five names under 0.1 each cannot fill a long-only book: the cap solved under is said, not silently raised.
    const capped = writePortfolio(store, signalDays[0], { method: 'long-only', cap: 0.1 });
    expect(capped.cap).to.equal(0.2);
    expect(capped.weights.every((w) => w.weight <= 0.2 + 1e-9)).to.equal(true);
    expect(p.weights.reduce((a, w) => a + w.weight, 0)).to.be.closeTo(1, 1e-9);
    const best = p.weights.find((w) => w.ticker === 'EEE')!;
    const worst = p.weights.find((w) => w.ticker === 'AAA')!;
    expect(best.weight).to.be.greaterThan(worst.weight);
    const stored = store.db.prepare('SELECT count(*) n FROM portfolio_weights WHERE day = ?').get(signalDays[0]);
    expect(stored).to.deep.equal({ n: 5 });
    const api = buildApi(store);
    const served = (await api.inject({ url: `/portfolio?date=${signalDays[0]}&method=long-only` })).json();
    expect(served.data.map((w: { ticker: string }) => w.ticker)).to.deep.equal(tickers);
    expect((await api.inject({ url: '/portfolio?date=2015-13-01' })).statusCode).to.equal(400);
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'pf-')), 'w.csv');
    expect((await writeExport(store.db, 'portfolio', 'csv', out, {})).rows).to.equal(5);
    expect(readFileSync(out, 'utf8').split('\n')[0]).to.equal(EXPORT_COLUMNS.portfolio.join(','));
    const bt = backtestPortfolio(store, { from: signalDays[0], to: signalDays[39], method: 'long-short', gross: 1 });
    expect(bt.sessions).to.equal(40);
    expect(bt.optimised.grossExposure).to.be.at.most(1 + 1e-8);
    expect(bt.signalOnly.grossExposure).to.be.closeTo(1, 1e-9);
  });
});
