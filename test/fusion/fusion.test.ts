import { expect } from 'chai';
import { upsertDocuments } from '../../db/documents.js';
import { upsertPrices } from '../../db/prices.js';
import { openStore, type Store } from '../../db/store.js';
import { aggregateDaily } from '../../fusion/aggregate.js';
import {
  ADV_ALSTM_FEATURES,
  buildSamples,
  labelOf,
  PRICE_FEATURES,
  SENTIMENT_FEATURES,
  type FeatureSpec,
} from '../../fusion/features.js';
import { explainSignal, explainSignals } from '../../fusion/explain-signal.js';
import { buildApi } from '../../serve/api.js';
import { loadFusionModel } from '../../fusion/model-io.js';
import { writeSignals } from '../../fusion/signals.js';
import { backtest } from '../../fusion/backtest.js';
import { trainLive, liveSpec } from '../../fusion/train-live.js';
import { tradingDaysBetween } from '../../fusion/calendar.js';
import { mcc, bootstrapCI, accuracy } from '../../fusion/metrics.js';
import { runVariant } from '../../fusion/experiment.js';
import { planFolds, walkForward } from '../../fusion/walk-forward.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MODEL = 'm@q8';

function scored(store: Store, id: number, score: number) {
  store.db
    .prepare(
      `INSERT INTO sentiment_scores (document_id, model_id, p_positive, p_negative, p_neutral, label, score, scored_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 't')`,
    )
    .run(
      id,
      MODEL,
      Math.max(score, 0),
      Math.max(-score, 0),
      1 - Math.abs(score),
      score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral',
      score,
    );
}
function doc(store: Store, key: string, publishedAt: string, score: number, ticker = 'AAA') {
  const [id] = upsertDocuments(
    store.db,
    [{ source: 't', key, kind: 'social', body: key, publishedAt, tickers: [{ ticker, method: 'cashtag' }] }],
    't',
  ).ids;
  scored(store, id, score);
}
/** A synthetic price path: +1%/-1% alternating from 100. */
function prices(store: Store, ticker: string, days: string[], moves?: number[]) {
  let c = 100;
  upsertPrices(
    store.db,
    days.map((day, i) => {
      c *= 1 + (moves ? moves[i] : i % 2 ? 0.01 : -0.01);
      return { ticker, day, open: c, high: c * 1.01, low: c * 0.99, close: c, adj_close: c, volume: 1000 + i };
    }),
    'test',
  );
}

describe('fusion/aggregate', () => {
  it('starts each ticker’s series at its own first document unless a range is asked for', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-03-13');
    for (const t of ['AAA', 'BBB', 'CCC']) prices(s, t, days);
    doc(s, 'early', '2015-03-02T15:00:00Z', 0.5, 'AAA');
    doc(s, 'late', '2015-03-10T15:00:00Z', -0.5, 'BBB');
    const span = (t: string) =>
      s.db.prepare('SELECT min(day) lo, max(day) hi, count(*) n FROM daily_sentiment WHERE ticker = ?').get(t) as {
        lo: string | null;
        hi: string | null;
        n: number;
      };
    aggregateDaily(s, { modelId: MODEL });
    expect(span('AAA').lo).to.equal('2015-03-03'); // published during Monday's session: counts for Tuesday
    expect(span('BBB').lo).to.equal('2015-03-11');
    expect(span('BBB').hi).to.equal(span('AAA').hi);
    expect(span('CCC').n).to.equal(0);
    aggregateDaily(s, { modelId: MODEL, from: '2015-03-09', to: '2015-03-12' });
    expect(span('CCC')).to.deep.equal({ lo: '2015-03-09', hi: '2015-03-12', n: 4 });
  });

  it('counts a document for day d only if published before d’s cut-off, and keeps empty days explicit', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-03-13');
    prices(s, 'AAA', days);
    doc(s, 'before', '2015-03-09T19:59:59Z', 0.8); // Monday, 1 s before close -> Tuesday
    doc(s, 'after', '2015-03-09T20:00:01Z', -0.6); // Monday, 1 s after close -> Wednesday
    doc(s, 'weekend', '2015-03-07T15:00:00Z', 0.2); // Saturday -> Tuesday
    aggregateDaily(s, { modelId: MODEL, from: '2015-03-02', to: '2015-03-13', tickers: ['AAA'] });
    const row = (d: string) =>
      s.db.prepare('SELECT n, mean_score FROM daily_sentiment WHERE ticker = ? AND day = ?').get('AAA', d) as {
        n: number;
        mean_score: number | null;
      };
    expect(row('2015-03-10').n).to.equal(2);
    expect(row('2015-03-10').mean_score).to.be.closeTo(0.5, 1e-9);
    expect(row('2015-03-11')).to.deep.equal({ n: 1, mean_score: -0.6 });
    expect(row('2015-03-09')).to.deep.equal({ n: 0, mean_score: null });
    expect((s.db.prepare('SELECT count(*) n FROM daily_sentiment').get() as { n: number }).n).to.equal(days.length);
  });

  it('re-aggregating replaces rows instead of duplicating them', () => {
    const s = openStore(':memory:');
    prices(s, 'AAA', tradingDaysBetween('2015-03-02', '2015-03-13'));
    doc(s, 'a', '2015-03-04T12:00:00Z', 0.5);
    const o = { modelId: MODEL, from: '2015-03-02', to: '2015-03-13', tickers: ['AAA'] };
    aggregateDaily(s, o);
    aggregateDaily(s, o);
    expect((s.db.prepare('SELECT count(*) n FROM daily_sentiment').get() as { n: number }).n).to.equal(10);
  });
});

describe('fusion/features', () => {
  const spec: FeatureSpec = {
    version: 1,
    window: 3,
    price: PRICE_FEATURES,
    sentiment: SENTIMENT_FEATURES,
    sentimentModel: MODEL,
    cutoff: 'prev-close',
    offsetMinutes: 0,
  };

  it('labels with StockNet’s thresholds', () => {
    expect([labelOf(-0.006), labelOf(-0.005), labelOf(0.0054), labelOf(0.0055)]).to.deep.equal([0, null, null, 1]);
  });

  it('a target’s own move and later prices never enter its features', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-03-13');
    prices(s, 'AAA', days);
    aggregateDaily(s, { modelId: MODEL, tickers: ['AAA'], from: '2015-03-02', to: '2015-03-13' });
    const before = buildSamples(s, spec, { tickers: ['AAA'] }).find((x) => x.day === '2015-03-10')!;
    // Change the target day's and later prices wildly: the features for 2015-03-10 must not move.
    s.db
      .prepare(
        `UPDATE prices SET high = high * 3, low = low / 3, adj_close = adj_close * 2, volume = 1 WHERE day >=
          '2015-03-10'`,
      )
      .run();
    const after = buildSamples(s, spec, { tickers: ['AAA'] }).find((x) => x.day === '2015-03-10')!;
    expect(Array.from(after.x)).to.deep.equal(Array.from(before.x));
    expect(after.move).to.not.equal(before.move);
  });

  it('computes the Adv-ALSTM technical features from earlier sessions only', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-01-02', '2015-04-30');
    prices(s, 'AAA', days);
    const adv = { ...spec, price: ADV_ALSTM_FEATURES };
    const target = '2015-04-15';
    const before = buildSamples(s, adv, { tickers: ['AAA'] }).find((x) => x.day === target)!;
    const nf = ADV_ALSTM_FEATURES.length + SENTIMENT_FEATURES.length;
    // The last step holds the session before the target: its 5-session average of closes relative to its close.
    const bars = s.db.prepare('SELECT adj_close, open, close FROM prices WHERE day < ? ORDER BY day').all(target) as {
      adj_close: number;
      open: number;
      close: number;
    }[];
    const last5 = bars.slice(-5).map((b) => b.adj_close);
    const step = (spec.window - 1) * nf;
    const ma5 = ADV_ALSTM_FEATURES.indexOf('ma5_rel');
    expect(before.x[step + ma5]).to.be.closeTo(last5.reduce((a, b) => a + b, 0) / 5 / last5[4] - 1, 1e-6);
    const open = ADV_ALSTM_FEATURES.indexOf('open_rel');
    expect(before.x[step + open]).to.be.closeTo(bars[bars.length - 1].open / bars[bars.length - 2].close - 1, 1e-6);
    s.db.prepare('UPDATE prices SET open = open * 2, adj_close = adj_close * 2 WHERE day >= ?').run(target);
    const after = buildSamples(s, adv, { tickers: ['AAA'] }).find((x) => x.day === target)!;
    expect(Array.from(after.x)).to.deep.equal(Array.from(before.x));
    expect(buildSamples(s, adv, { tickers: ['AAA'] })[0].day > days[30]).to.equal(true);
  });
});

describe('fusion/metrics', () => {
  it('MCC is 1 for perfect, -1 for inverted and 0 for constant predictions', () => {
    expect(mcc([1, 0, 1, 0], [1, 0, 1, 0])).to.equal(1);
    expect(mcc([1, 0, 1, 0], [0, 1, 0, 1])).to.equal(-1);
    expect(mcc([1, 0, 1, 0], [1, 1, 1, 1])).to.equal(0);
  });
  it('the bootstrap interval brackets the observed accuracy', () => {
    const g = Array.from({ length: 400 }, (_, i) => i % 2),
      p = g.map((x, i) => (i % 5 === 0 ? 1 - x : x));
    const [lo, hi] = bootstrapCI(g, [p], accuracy, 500, 1);
    expect(lo).to.be.lessThan(0.8).and.greaterThan(0.7);
    expect(hi).to.be.greaterThan(0.8).and.lessThan(0.87);
  });
});

/** Two tickers over 2014 whose next-day move is announced by the previous evening's news. */
function plantedStore() {
  const s = openStore(':memory:');
  const days = tradingDaysBetween('2014-01-02', '2014-12-31');
  const r = (i: number) => (((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1) % 1;
  for (const [t, off] of [
    ['AAA', 0],
    ['BBB', 500],
  ] as const) {
    const moves = days.map((_, i) => (r(i + off) > 0.5 ? 0.02 : -0.02));
    prices(s, t, days, moves);
    days.forEach((d, i) => {
      if (i > 0) doc(s, `${t}-${d}`, `${days[i - 1]}T15:00:00Z`, (moves[i] > 0 ? 1 : -1) * 0.7, t);
    });
  }
  aggregateDaily(s, { modelId: MODEL, tickers: ['AAA', 'BBB'] });
  return { s, days };
}

describe('fusion leak guard', function () {
  this.timeout(120_000);
  it('the same LSTM trained on shuffled labels scores at chance where real labels score near perfect', async () => {
    const { s } = plantedStore();
    const spec = liveSpec({ sentimentModel: MODEL, window: 5, cutoff: 'prev-close', offsetMinutes: 0 });
    const all = buildSamples(s, spec).filter((x) => x.label !== null);
    const train = all.filter((x) => x.day < '2014-09-01'),
      dev = all.filter((x) => x.day >= '2014-09-01' && x.day < '2014-11-01'),
      test = all.filter((x) => x.day >= '2014-11-01');
    const real = await runVariant('lstm-price+sentiment', spec, train, dev, { test }, [0]);
    const shuffled = await runVariant('lstm-price+sentiment', spec, train, dev, { test }, [0], { shuffleLabels: true });
    expect(real.test.accuracy.mean).to.be.greaterThan(0.9);
    expect(shuffled.test.accuracy.mean).to.be.within(0.35, 0.65);
    expect(Math.abs(shuffled.test.mcc.mean)).to.be.lessThan(0.25);
  });
});

describe('fusion train, signal, backtest', function () {
  this.timeout(120_000);
  it('learns a planted sentiment signal, refuses a mismatched spec, and re-signalling replaces', async () => {
    const { s, days } = plantedStore();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fusion-'));
    const spec = liveSpec({ sentimentModel: MODEL, window: 5, cutoff: 'prev-close', offsetMinutes: 0 });
    const trained = await trainLive(s, dir, spec, { seed: 1 });
    expect(trained.meta.training.devAccuracy as number).to.be.greaterThan(0.9);
    const fm = await loadFusionModel(trained.dir!, { sentimentModel: MODEL, window: 5 });
    let refused = false;
    try {
      await loadFusionModel(trained.dir!, { window: 7 });
    } catch (e) {
      refused = /trained with window = 5/.test((e as Error).message);
    }
    expect(refused).to.equal(true);
    s.db.prepare("INSERT INTO tickers (symbol) VALUES ('AAA'), ('BBB')").run();
    for (const d of days.slice(-30)) await writeSignals(s, fm, d);
    await writeSignals(s, fm, days[days.length - 1]);
    expect((s.db.prepare('SELECT count(*) n FROM signals').get() as { n: number }).n).to.equal(60);
    // The planted moves are close-to-close (open = close in this synthetic path).
    const range = { from: days[days.length - 30], to: days[days.length - 1] };
    const bt = backtest(s, { ...range, costBps: 5, returns: 'close-close' });
    expect(bt.hitRate).to.be.greaterThan(0.9);
    expect(bt.strategy.cumulativeReturn).to.be.greaterThan(bt.buyAndHold.cumulativeReturn);
    // Integrated gradients: complete to the stated tolerance, and the planted sentiment carries the signal.
    const e = await explainSignal(s, fm, 'AAA', days[days.length - 1]);
    expect(e).to.not.equal(null);
    const sum = e!.features.reduce((acc, f) => acc + f.attribution, 0);
    expect(e!.completenessError).to.be.lessThan(0.01);
    expect(sum).to.be.closeTo(e!.pUp - e!.baseline, 0.01);
    expect(Math.abs(e!.byFamily.sentiment)).to.be.greaterThan(Math.abs(e!.byFamily.price));
    expect(e!.documents.length).to.be.greaterThan(0);
    expect(e!.documents[0].contribution).to.be.at.least(e!.documents[e!.documents.length - 1].contribution);
    const both = await explainSignals(s, fm, ['AAA', 'BBB'], days[days.length - 1]);
    const batched = both.get('AAA')!.features.map((f) => f.attribution);
    e!.features
      .map((f) => f.attribution)
      .forEach((a, i) => {
        expect(batched[i]).to.be.closeTo(a, 1e-6);
      });
    expect(both.get('BBB')!.completenessError).to.be.lessThan(0.01);
    const api = buildApi(s);
    const served = await api.inject({ url: `/signals/AAA/${days[days.length - 1]}/explain` });
    expect(served.statusCode).to.equal(200);
    expect(served.json().pUp).to.be.closeTo(e!.pUp, 1e-6);
    expect((await api.inject({ url: '/signals/AAA/2013-01-02/explain' })).statusCode).to.equal(404);
  });
});

describe('fusion walk-forward', function () {
  this.timeout(120_000);
  it('never fits a fold on a session at or after its test block less the embargo; finds a planted signal', async () => {
    const { s, days } = plantedStore();
    const spec = liveSpec({ sentimentModel: MODEL, window: 5, cutoff: 'prev-close', offsetMinutes: 0 });
    const samples = buildSamples(s, spec);
    const r = await walkForward(samples, spec, { folds: 4, embargo: 3, units: 8 });
    expect(r.folds).to.have.length(4);
    for (const f of r.folds) {
      expect(f.fittedThrough <= f.trainThrough, `fold ${f.fold}`).to.equal(true);
      expect(days.indexOf(f.testFrom) - days.indexOf(f.trainThrough), `fold ${f.fold}`).to.equal(4);
    }
    for (let k = 1; k < r.folds.length; k++) expect(r.folds[k].testFrom > r.folds[k - 1].testTo).to.equal(true);
    // Early folds train on a few hundred samples, so the planted signal is found less than perfectly out of sample.
    expect(r.pooled.accuracy).to.be.greaterThan(0.7);
    expect(r.pooled.mcc).to.be.greaterThan(0.4);
    expect(planFolds(days.slice(0, 30), { folds: 10, embargo: 5 })).to.deep.equal([]);
    const ensemble = await walkForward(samples, spec, { folds: 2, embargo: 3, units: 8, seeds: 2 });
    expect([ensemble.seeds, ensemble.folds.length]).to.deep.equal([2, 2]);
    expect(ensemble.pooled.mcc).to.be.greaterThan(0.2);
    const weekly = planFolds(days, { folds: 0, step: 5, embargo: 2 });
    expect(weekly.length).to.equal(Math.floor((days.length - Math.floor(days.length * 0.4)) / 5));
    for (const f of weekly.slice(0, -1)) expect(days.indexOf(f.testTo) - days.indexOf(f.testFrom)).to.equal(4);
  });
});
