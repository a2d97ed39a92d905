import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSamples } from '../../fusion/features.js';
import { exportFolds, predictionsFitter } from '../../fusion/fold-export.js';
import { liveSpec } from '../../fusion/train-live.js';
import { walkForward } from '../../fusion/walk-forward.js';
import { MODEL, plantedStore } from '../support/fusion-fixtures.js';

const spec = liveSpec({ sentimentModel: MODEL, window: 5, cutoff: 'prev-close', offsetMinutes: 0 });
const plan = { folds: 3, embargo: 3 };

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true }) as Record<string, string>[];
}

function exported() {
  // Five tickers: a daily rank IC needs a cross-section of at least five.
  const { s } = plantedStore(['AAA', 'BBB', 'CCC', 'DDD', 'EEE']);
  const samples = buildSamples(s, spec);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'folds-'));
  const manifest = exportFolds(samples, spec, { ...plan, variant: 'logistic' }, dir);
  return { samples, dir, manifest };
}

describe('walk-forward folds exported for outside models', () => {
  it('a fold’s fit file holds only sessions through its trainThrough, and its test file no labels', () => {
    const { dir, manifest } = exported();
    expect(manifest.folds).to.have.length(3);
    expect(manifest.features).to.have.length(spec.window * (spec.price.length + spec.sentiment.length));
    for (const f of manifest.folds) {
      const fit = readCsv(path.join(dir, f.fit));
      const test = readCsv(path.join(dir, f.test));
      expect(fit.every((r) => r.day <= f.trainThrough)).to.equal(true);
      expect(fit.filter((r) => r.part === 'valid').every((r) => r.day >= f.devFrom)).to.equal(true);
      expect(fit.filter((r) => r.part === 'train').every((r) => r.day < f.devFrom)).to.equal(true);
      expect(test.every((r) => r.day >= f.testFrom && r.day <= f.testTo)).to.equal(true);
      expect(Object.keys(test[0])).to.not.include.members(['label', 'move', 'part']);
      expect(f.fittedThrough <= f.trainThrough).to.equal(true);
    }
  });

  it('scores predictions written back like finsent’s own: the realised sign IC near 1, shuffled near 0', async () => {
    const { samples, dir, manifest } = exported();
    const moves = new Map(samples.map((s) => [`${s.ticker}|${s.day}`, s.move ?? 0]));
    const write = (p: (keys: string[]) => number[]) => {
      for (const f of manifest.folds) {
        const keys = readCsv(path.join(dir, f.test)).map((r) => `${r.ticker}|${r.day}`);
        const ps = p(keys);
        const rows = keys.map((k, i) => `${k.replace('|', ',')},${ps[i]}`);
        writeFileSync(path.join(dir, f.predictions), `ticker,day,p\n${rows.join('\n')}\n`);
      }
    };
    const oracle = (key: string) => ((moves.get(key) ?? 0) > 0 ? 0.9 : 0.1);
    write((keys) => keys.map(oracle));
    const right = await walkForward(samples, spec, { ...plan, fitter: predictionsFitter(dir), name: 'oracle' });
    expect(right.pooled.accuracy).to.equal(1);
    // Below 1 only because moves of one sign differ in their last bits while the oracle's P(up) ties.
    expect(right.pooled.ic.mean).to.be.greaterThan(0.9);
    // The same probabilities given to other rows of the fold: row i gets row (7919 i mod n)'s, a permutation.
    write((keys) => keys.map((_, i) => oracle(keys[(i * 7919) % keys.length])));
    const shuffled = await walkForward(samples, spec, { ...plan, fitter: predictionsFitter(dir) });
    expect(Math.abs(shuffled.pooled.ic.mean)).to.be.lessThan(0.15);
  });

  it('a missing prediction, a probability out of range or other folds are refused by name', async () => {
    const { samples, dir, manifest } = exported();
    const first = manifest.folds[0];
    const rows = readCsv(path.join(dir, first.test));
    writeFileSync(path.join(dir, first.predictions), `ticker,day,p\n${rows[0].ticker},${rows[0].day},0.5\n`);
    const fitter = predictionsFitter(dir);
    const missing = await walkForward(samples, spec, { ...plan, fitter }).catch((e: Error) => e);
    expect(String(missing)).to.match(/no prediction for/);
    writeFileSync(path.join(dir, first.predictions), `ticker,day,p\n${rows[0].ticker},${rows[0].day},1.5\n`);
    const range = await walkForward(samples, spec, { ...plan, fitter }).catch((e: Error) => e);
    expect(String(range)).to.match(/p in \[0, 1\]/);
    const other = await walkForward(samples, spec, { folds: 4, embargo: 3, fitter }).catch((e: Error) => e);
    expect(String(other)).to.match(/exported with other folds/);
    // Predictions left from an earlier export are not scored against the new folds.
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, first.predictions), past, past);
    const stale = await walkForward(samples, spec, { ...plan, fitter }).catch((e: Error) => e);
    expect(String(stale)).to.match(/older than the folds/);
  });
});
