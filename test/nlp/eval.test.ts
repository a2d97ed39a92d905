import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classificationMetrics, cosine } from '../../nlp/eval/metrics.js';
import { loadDataset, parseJsonKeepingIds } from '../../nlp/eval/datasets.js';

describe('nlp/eval', () => {
  it('computes accuracy, macro and weighted F1 and the confusion matrix', () => {
    const m = classificationMetrics(
      ['positive', 'positive', 'negative', 'neutral'],
      ['positive', 'neutral', 'negative', 'neutral'],
    );
    expect(m.accuracy).to.equal(0.75);
    expect(m.confusion.matrix).to.deep.equal([
      [1, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(m.macroF1).to.be.closeTo((2 / 3 + 1 + 2 / 3) / 3, 1e-12);
    expect(m.weightedF1).to.be.closeTo((2 / 3) * 0.5 + 0.25 + (2 / 3) * 0.25, 1e-12);
  });

  it('scores SemEval by cosine similarity', () => {
    expect(cosine([1, -1], [0.5, -0.5])).to.be.closeTo(1, 1e-12);
    expect(cosine([1, 0], [0, 1])).to.equal(0);
  });

  it('keeps 18-digit tweet ids exact and matches gold by them, whether written as numbers or strings', () => {
    expect(parseJsonKeepingIds('[{"id": 709723193125175296}]')[0].id).to.equal('709723193125175296');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'semeval-'));
    writeFileSync(
      path.join(dir, 'Microblogs_Testdata.json'),
      '[{"id": 709723193125175296, "spans": "cautious stance", "cashtag": "$COST"}, {"id": 39047884, "spans": 0.15}]',
    );
    expect(loadDataset('semeval-microblogs', dir).hasGold).to.equal(false);
    writeFileSync(
      path.join(dir, 'Microblogs_Testdata_withscores.json'),
      '[{"id": "709723193125175296", "sentiment score": "-0.3"}, {"id": 39047884, "sentiment score": "0.2"}]',
    );
    const ds = loadDataset('semeval-microblogs', dir);
    expect(ds.items.map((i) => [i.id, i.text, i.gold])).to.deep.equal([
      ['709723193125175296', 'cautious stance', -0.3],
      ['39047884', '0.15', 0.2],
    ]);
  });
});
