import { expect } from 'chai';
import { buildSamples } from '../../fusion/features.js';
import { explainSignal, explainSignals } from '../../fusion/explain-signal.js';
import { buildApi } from '../../serve/api.js';
import { loadFusionModel } from '../../fusion/model-io.js';
import { currentFusionModel } from '../../fusion/registry.js';
import { writeSignals } from '../../fusion/signals.js';
import { backtest } from '../../fusion/backtest.js';
import { trainLive, liveSpec } from '../../fusion/train-live.js';
import { runVariant } from '../../fusion/experiment.js';
import { dataOf } from '../../fusion/dataset.js';
import { fitFusion } from '../../fusion/fit.js';
import { predictNet } from '../../fusion/net.js';
import { planFolds, walkForward } from '../../fusion/walk-forward.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MODEL, plantedStore, prices } from '../support/fusion-fixtures.js';

/** The live daily features, pooled z-scores. */
const dailySpec = liveSpec({ sentimentModel: MODEL, window: 5, cutoff: 'prev-close', offsetMinutes: 0 });

/** The live features, z-scored across each session's tickers (the nightly default). */
const crossSectionSpec = liveSpec({
  sentimentModel: MODEL,
  window: 5,
  cutoff: 'prev-close',
  offsetMinutes: 0,
  normalise: 'cross-section',
});

describe('fusion leak guard', function () {
  this.timeout(120_000);
  it('the same LSTM trained on shuffled labels scores at chance where real labels score near perfect', async () => {
    const { s } = plantedStore();
    const spec = dailySpec;
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
    const spec = dailySpec;
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

describe('fusion network kinds', function () {
  this.timeout(120_000);
  it('a logistic model on decayed features learns the planted signal and is reused only for its own kind', async () => {
    const { s } = plantedStore();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fusion-kind-'));
    const spec = liveSpec({
      sentimentModel: MODEL,
      window: 5,
      cutoff: 'prev-close',
      offsetMinutes: 0,
      sentimentFeatures: 'decay',
    });
    expect(spec.sentiment).to.include('decay5_mean_score');
    const trained = await trainLive(s, dir, spec, { kind: 'logistic', seed: 0 });
    expect(trained.meta.id).to.match(/^fusion-logistic@/);
    expect(trained.meta.kind).to.equal('logistic');
    expect(trained.meta.training.devAccuracy as number).to.be.greaterThan(0.9);
    trained.model.dispose();
    const same = await currentFusionModel(s, { expected: spec, kind: 'logistic' });
    expect(same?.meta.id).to.equal(trained.meta.id);
    same?.model.dispose();
    expect(await currentFusionModel(s, { expected: spec, kind: 'lstm' })).to.equal(undefined);
    expect(await currentFusionModel(s, { expected: dailySpec, kind: 'logistic' })).to.equal(undefined);
  });
});

describe('fusion attention LSTM, plain and adversarial', function () {
  this.timeout(180_000);
  it('both learn the planted signal; the ALSTM reloads as it was; adversarial training changes the fit', async () => {
    const { s, days } = plantedStore();
    const spec = dailySpec;
    const trainKind = (kind: 'alstm' | 'adv-alstm') =>
      trainLive(s, mkdtempSync(path.join(os.tmpdir(), `fusion-${kind}-`)), spec, { kind, seed: 0 });
    const plain = await trainKind('alstm');
    const adv = await trainKind('adv-alstm');
    expect([plain.meta.id, adv.meta.id].map((id) => id.split('@')[0])).to.deep.equal([
      'fusion-alstm',
      'fusion-adv-alstm',
    ]);
    for (const m of [plain, adv]) expect(m.meta.training.devAccuracy as number).to.be.greaterThan(0.9);
    const { normaliser, cols } = plain.meta;
    const data = dataOf(buildSamples(s, spec, { targets: days.slice(-20) }), spec, normaliser, cols);
    const p = async (model: typeof plain.model) => Array.from(await predictNet(model, data, spec.window, cols.length));
    const loaded = await loadFusionModel(plain.dir!);
    const a = await p(plain.model);
    expect(await p(loaded.model)).to.deep.equal(a);
    const b = await p(adv.model);
    expect(b.some((v, i) => Math.abs(v - a[i]) > 1e-4)).to.equal(true);
    for (const m of [plain.model, adv.model, loaded.model]) m.dispose();
  });
});

describe('fusion seed ensemble', function () {
  this.timeout(120_000);
  it('a 3-seed model predicts the mean of its seeds’ fits and saves and loads as one model', async () => {
    const { s, days } = plantedStore();
    const spec = crossSectionSpec;
    const samples = buildSamples(s, spec).filter((x) => x.label !== null && x.day < days[days.length - 20]);
    const test = buildSamples(s, spec).filter((x) => x.day >= days[days.length - 20]);
    const singles = await Promise.all(
      [0, 1, 2].map(async (seed) => (await fitFusion(samples, spec, { seed })).predict(test)),
    );
    const ens = await fitFusion(samples, spec, { seed: 0, seeds: 3 });
    expect(ens.bestEpochs).to.have.length(3);
    const p = await ens.predict(test);
    for (let i = 0; i < test.length; i++)
      expect(p[i]).to.be.closeTo((singles[0][i] + singles[1][i] + singles[2][i]) / 3, 1e-5);
    expect(
      Math.max(...singles.map((q, k) => Math.max(...q.map((v, i) => Math.abs(v - singles[(k + 1) % 3][i]))))),
    ).to.be.above(1e-4);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fusion-ens-'));
    const trained = await trainLive(s, dir, spec, { seed: 0, seeds: 3, to: days[days.length - 20] });
    expect(trained.meta.training.seeds).to.equal(3);
    // The config hash in the id (after the timestamp) tells an ensemble from a single fit of the same data.
    const single = await trainLive(s, dir, spec, { seed: 0, to: days[days.length - 20] });
    const configHash = (id: string) => id.split('-').pop();
    expect(configHash(trained.meta.id)).to.not.equal(configHash(single.meta.id));
    single.model.dispose();
    const loaded = await loadFusionModel(trained.dir!, { normalise: 'cross-section' });
    const [a, b] = await Promise.all(
      [trained, loaded].map((m) =>
        predictNet(m.model, dataOf(test, spec, m.meta.normaliser, m.meta.cols), 5, m.meta.cols.length),
      ),
    );
    for (let i = 0; i < test.length; i++) expect(b[i]).to.be.closeTo(a[i], 1e-6);
  });
});

describe('fusion cross-section training set', function () {
  this.timeout(120_000);
  it('a cross-section model trains on the universe it signals, not on every ticker with prices', async () => {
    const { s, days } = plantedStore();
    prices(
      s,
      'ZZZ',
      days,
      days.map((_, i) => (i % 3 ? 0.01 : -0.02)),
    );
    s.db.prepare("INSERT INTO tickers (symbol) VALUES ('AAA'), ('BBB')").run();
    const spec = crossSectionSpec;
    const universe = buildSamples(s, spec, { tickers: ['AAA', 'BBB'] }).filter((x) => x.label !== null).length;
    const everyone = buildSamples(s, spec).filter((x) => x.label !== null).length;
    expect(everyone).to.be.above(universe);
    const trained = await trainLive(s, mkdtempSync(path.join(os.tmpdir(), 'fusion-xs-')), spec, { seed: 0 });
    const t = trained.meta.training as { trainSamples: number; devSamples: number };
    expect(t.trainSamples + t.devSamples).to.equal(universe);
    trained.model.dispose();
  });
});

describe('fusion walk-forward', function () {
  this.timeout(120_000);
  it('never fits a fold on a session at or after its test block less the embargo; finds a planted signal', async () => {
    const { s, days } = plantedStore();
    const spec = dailySpec;
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
