import { expect } from 'chai';
import { openStore } from '../../db/store.js';
import { aggregateDaily } from '../../fusion/aggregate.js';
import {
  ADV_ALSTM_FEATURES,
  buildSamples,
  labelOf,
  PRICE_FEATURES,
  SENTIMENT_FEATURES,
  type FeatureSpec,
  fitNormaliser,
  toTensorData,
} from '../../fusion/features.js';
import { tradingDaysBetween } from '../../fusion/calendar.js';
import { DECAY_FEATURES } from '../../fusion/sentiment-decay.js';
import { peerSamples } from '../../fusion/peer-samples.js';
import { upsertTickers } from '../../db/tickers.js';
import { crossSectional, liveNormalisation, MIN_CROSS_SECTION } from '../../fusion/cross-section.js';
import { mcc, bootstrapCI, accuracy } from '../../fusion/metrics.js';
import { doc, MODEL, prices } from '../support/fusion-fixtures.js';

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

  it('weighs each document by its relevance in the daily mean, shares and dispersion; n counts, weight sums', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-03-13');
    prices(s, 'AAA', days);
    doc(s, 'about-aaa', '2015-03-09T15:00:00Z', 0.8, 'AAA', 1);
    doc(s, 'names-aaa-once', '2015-03-09T16:00:00Z', -0.8, 'AAA', 0.25);
    aggregateDaily(s, { modelId: MODEL, from: '2015-03-02', to: '2015-03-13', tickers: ['AAA'] });
    const row = s.db
      .prepare(
        'SELECT n, weight, mean_score, mean_social, dispersion FROM daily_sentiment WHERE ticker = ? AND day = ?',
      )
      .get('AAA', '2015-03-10') as {
      n: number;
      weight: number;
      mean_score: number;
      mean_social: number;
      dispersion: number;
    };
    expect(row.n).to.equal(2);
    expect(row.weight).to.be.closeTo(1.25, 1e-12);
    const quiet = s.db.prepare("SELECT n, weight FROM daily_sentiment WHERE ticker = 'AAA' AND day = '2015-03-12'");
    expect(quiet.get()).to.deep.equal({ n: 0, weight: 0 });
    expect(row.mean_score).to.be.closeTo((0.8 - 0.25 * 0.8) / 1.25, 1e-9);
    expect(row.mean_social).to.be.closeTo(row.mean_score, 1e-12);
    // Weighted: sqrt(E_w[x^2] - E_w[x]^2) with E_w[x^2] = 0.64.
    expect(row.dispersion).to.be.closeTo(Math.sqrt(0.64 - row.mean_score ** 2), 1e-9);
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

/** The live features over a 3-session window. */
const spec: FeatureSpec = {
  version: 1,
  window: 3,
  price: PRICE_FEATURES,
  sentiment: SENTIMENT_FEATURES,
  sentimentModel: MODEL,
  cutoff: 'prev-close',
  offsetMinutes: 0,
};

describe('fusion/features', () => {
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

describe('fusion/sentiment decay', () => {
  const decaySpec: FeatureSpec = { ...spec, sentiment: [...SENTIMENT_FEATURES, ...DECAY_FEATURES] };
  const col = (name: string) => PRICE_FEATURES.length + decaySpec.sentiment.indexOf(name);
  const lastStep = (spec.window - 1) * (PRICE_FEATURES.length + decaySpec.sentiment.length);

  it('halves a past day’s weight in the decayed count every half-life, keeping its mean score', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-04-30');
    prices(s, 'AAA', days);
    doc(s, 'one', '2015-03-09T15:00:00Z', 0.6); // counts for 2015-03-10
    doc(s, 'two', '2015-03-09T16:00:00Z', 0.0);
    aggregateDaily(s, { modelId: MODEL, tickers: ['AAA'], from: days[0], to: days.at(-1) });
    const samples = buildSamples(s, decaySpec, { tickers: ['AAA'] });
    // The last step's sentiment is the target's own session, so its decay counts the sessions since 03-10.
    const at = (sessionsAfter: number) =>
      samples.find((x) => x.day === days[days.indexOf('2015-03-10') + sessionsAfter])!;
    const count = (x: { x: Float32Array }, h: number) => Math.expm1(x.x[lastStep + col(`decay${h}_log1p_count`)]);
    expect(count(at(0), 5)).to.be.closeTo(2, 1e-5);
    expect(count(at(5), 5)).to.be.closeTo(1, 1e-5);
    expect(count(at(20), 20)).to.be.closeTo(1, 1e-5);
    expect(count(at(10), 5)).to.be.closeTo(0.5, 1e-5);
    expect(at(10).x[lastStep + col('decay5_mean_score')]).to.be.closeTo(0.3, 1e-6);
    expect(at(-1).x[lastStep + col('decay5_log1p_count')]).to.equal(0);
  });

  it('a decayed feature never sees documents counted for the target or later sessions', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-04-30');
    prices(s, 'AAA', days);
    doc(s, 'old', '2015-03-04T15:00:00Z', 0.5);
    aggregateDaily(s, { modelId: MODEL, tickers: ['AAA'], from: days[0], to: days.at(-1) });
    const target = '2015-03-20';
    const before = buildSamples(s, decaySpec, { tickers: ['AAA'] }).find((x) => x.day === target)!;
    doc(s, 'after-cutoff', '2015-03-20T15:00:00Z', -0.9); // during the target session: counts for the next one
    doc(s, 'later', '2015-03-25T15:00:00Z', -0.9);
    aggregateDaily(s, { modelId: MODEL, tickers: ['AAA'], from: days[0], to: days.at(-1) });
    const after = buildSamples(s, decaySpec, { tickers: ['AAA'] }).find((x) => x.day === target)!;
    expect(Array.from(after.x)).to.deep.equal(Array.from(before.x));
    expect(before.x[lastStep + col('decay20_mean_score')]).to.be.closeTo(0.5, 1e-6);
  });

  it('a live target after the last price session continues the decay from that session', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-04-30');
    prices(s, 'AAA', days.slice(0, -1));
    doc(s, 'early', '2015-03-04T15:00:00Z', 0.5);
    aggregateDaily(s, { modelId: MODEL, tickers: ['AAA'], from: days[0], to: days.at(-1) });
    const [live] = buildSamples(s, decaySpec, { tickers: ['AAA'], targets: [days.at(-1)!] });
    const [last] = buildSamples(s, decaySpec, { tickers: ['AAA'], targets: [days.at(-2)!] });
    const count = (x: { x: Float32Array }) => Math.expm1(x.x[lastStep + col('decay5_log1p_count')]);
    expect(live.move).to.equal(null);
    expect(count(live) / count(last)).to.be.closeTo(0.5 ** (1 / 5), 1e-5);
  });
});

describe('fusion/normaliser', () => {
  const sample = (ticker: string, v: number) => ({
    ticker,
    day: 'd',
    x: Float32Array.of(v),
    move: 0,
    label: 1 as const,
    allStepsHaveDocs: true,
  });
  const quiet = Array.from({ length: 30 }, (_, i) => sample('QUIET', 100 + (i % 2)));
  const wild = Array.from({ length: 30 }, (_, i) => sample('WILD', (i % 2) * 50));

  it('per ticker, scales each ticker’s own training samples to mean 0, sd 1; unseen tickers use pooled', () => {
    const norm = fitNormaliser([...quiet, ...wild], 1, 'ticker');
    for (const group of [quiet, wild]) {
      const z = Array.from(toTensorData(group, 1, norm, [0]));
      const mean = z.reduce((a, b) => a + b) / z.length;
      expect(mean).to.be.closeTo(0, 1e-6);
      expect(Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length)).to.be.closeTo(1, 1e-6);
    }
    const [unseen] = toTensorData([sample('NEW', 100)], 1, norm, [0]);
    expect(unseen).to.be.closeTo((100 - norm.mean[0]) / norm.std[0], 1e-5);
  });

  it('across the section, z-scores each feature among one session’s tickers, so a market-wide move cancels', () => {
    const day = (d: string, shift: number) =>
      [1, 2, 3, 6].map((v, i) => ({ ...sample(`T${i}`, v + shift), day: d, x: Float32Array.of(v + shift, -v) }));
    const out = crossSectional([...day('d1', 0), ...day('d2', 100)]);
    const d1 = out.filter((s) => s.day === 'd1').map((s) => Array.from(s.x));
    const d2 = out.filter((s) => s.day === 'd2').map((s) => Array.from(s.x));
    for (let i = 0; i < d1.length; i++) for (let f = 0; f < 2; f++) expect(d2[i][f]).to.be.closeTo(d1[i][f], 1e-5);
    const first = d1.map((x) => x[0]);
    expect(first.reduce((a, b) => a + b) / first.length).to.be.closeTo(0, 1e-6);
    expect(first[3]).to.be.above(first[2]);
    expect(d1[3][1]).to.be.closeTo(-d1[3][0], 1e-5);
  });

  it('across the section, a stock’s features do not depend on which peers end up labelled', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-03-20');
    ['AAA', 'BBB', 'CCC'].forEach((t, k) => {
      prices(
        s,
        t,
        days,
        days.map((_, i) => ((i * (k + 2)) % 5) / 100 - 0.02),
      );
    });
    const xs: FeatureSpec = { ...spec, normalise: 'cross-section' };
    const target = '2015-03-16';
    const features = () => Array.from(buildSamples(s, xs).find((x) => x.day === target && x.ticker === 'AAA')?.x ?? []);
    const before = features();
    // Make BBB's target-day move tiny (unlabelled) and then huge: AAA's cross-sectional features must not move.
    const prev = s.db
      .prepare('SELECT adj_close FROM prices WHERE ticker = ? AND day < ? ORDER BY day DESC')
      .get('BBB', target) as { adj_close: number };
    const setTarget = s.db.prepare('UPDATE prices SET adj_close = ? WHERE ticker = ? AND day = ?');
    setTarget.run(prev.adj_close * 1.001, 'BBB', target);
    expect(buildSamples(s, xs).find((x) => x.day === target && x.ticker === 'BBB')?.label).to.equal(null);
    expect(features()).to.deep.equal(before);
    setTarget.run(prev.adj_close * 1.2, 'BBB', target);
    expect(features()).to.deep.equal(before);
    expect(before.length).to.be.above(0);
    expect(before.some((v) => v !== 0)).to.equal(true);
  });

  it('across the section, a ticker asked for alone gets the features it has among the whole universe', () => {
    const s = openStore(':memory:');
    const days = tradingDaysBetween('2015-03-02', '2015-03-20');
    const universe = ['AAA', 'BBB', 'CCC', 'DDD'];
    universe.forEach((t, k) => {
      prices(
        s,
        t,
        days,
        days.map((_, i) => ((i * (k + 2)) % 5) / 100 - 0.02),
      );
    });
    prices(s, 'OUT', days); // priced, but not in the universe: never a peer
    upsertTickers(
      s.db,
      universe.map((symbol) => ({ symbol, name: symbol, sector: null, cik: null, aliases: [] })),
    );
    const xs: FeatureSpec = { ...spec, normalise: 'cross-section' };
    const target = '2015-03-16';
    const whole = peerSamples(s, xs, { targets: [target] });
    expect(whole.map((x) => x.ticker)).to.deep.equal(universe);
    const [alone] = peerSamples(s, xs, { tickers: ['BBB'], targets: [target] });
    expect(Array.from(alone.x)).to.deep.equal(Array.from(whole[1].x));
    const [naive] = buildSamples(s, xs, { tickers: ['BBB', 'CCC', 'DDD'], targets: [target] });
    expect(Array.from(naive.x)).to.not.deep.equal(Array.from(alone.x));
  });

  it('the live model falls back to pooled statistics when the universe is too small to compare within', () => {
    expect(liveNormalisation('cross-section', 1)).to.equal('pooled');
    expect(liveNormalisation('cross-section', MIN_CROSS_SECTION - 1)).to.equal('pooled');
    expect(liveNormalisation('cross-section', MIN_CROSS_SECTION)).to.equal('cross-section');
    expect(liveNormalisation('ticker', 1)).to.equal('ticker');
  });

  it('pooled (the default) keeps one scale for every ticker', () => {
    const norm = fitNormaliser([...quiet, ...wild], 1);
    expect(norm.byTicker).to.equal(undefined);
    const z = Array.from(toTensorData(quiet, 1, norm, [0]));
    expect(Math.max(...z) - Math.min(...z)).to.be.below(0.1);
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
