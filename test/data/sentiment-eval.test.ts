import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';
import { loadSentimentModel } from '../../nlp/model.js';
import { loadDataset } from '../../nlp/eval/datasets.js';
import { evaluate } from '../../nlp/eval/run-eval.js';
import { data } from './helpers.js';

const MODEL = path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment');
// The figures the model card states, from docs/results (written by `finsent eval sentiment --json`).
const card = (file: string) =>
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'docs/results', file), 'utf8')).rows[0].metrics;

describe('full data: the shipped model reproduces the model card', function () {
  this.timeout(600_000);
  for (const [ds, folder] of [
    ['fpb', 'financial-phrasebank'],
    ['fpb-allagree', 'financial-phrasebank'],
    ['tfns', 'twitter-financial-news-sentiment'],
  ] as const) {
    it(`${ds}: accuracy and macro-F1 of the int8 model equal the model card’s to 1e-9`, async () => {
      const model = await loadSentimentModel({ name: MODEL, dtype: 'q8' });
      const r = await evaluate(loadDataset(ds, data(folder)), model, { baselines: false });
      await model.dispose();
      const want = card(`eval-${ds}-q8.json`);
      expect(r.rows[0].metrics!.accuracy).to.be.closeTo(want.accuracy, 1e-9);
      expect(r.rows[0].metrics!.macroF1).to.be.closeTo(want.macroF1, 1e-9);
      expect(r.rows[0].metrics!.confusion.matrix).to.deep.equal(want.confusion.matrix);
    });
  }

  it('writes SemEval predictions for every test item when the gold file is absent', async () => {
    const model = await loadSentimentModel({ name: MODEL, dtype: 'q8' });
    const ds = loadDataset('semeval-headlines', data('semeval-2017-task5'));
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'semeval-')), 'predictions', 'semeval-headlines.jsonl');
    const r = await evaluate(ds, model, { predictionsOut: out, baselines: false });
    await model.dispose();
    if (ds.hasGold) {
      expect(r.rows[0].cosine).to.be.a('number');
      return;
    }
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).to.have.length(491);
    expect(lines.every((l) => l.score >= -1 && l.score <= 1)).to.equal(true);
  });
});
