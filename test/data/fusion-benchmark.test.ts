import { expect } from 'chai';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';
import { openStore } from '../../db/store.js';
import { aggregateDaily } from '../../fusion/aggregate.js';
import { runStocknetBenchmark } from '../../fusion/benchmark.js';
import { sentimentFeatures } from '../../fusion/features.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { loadSentimentModel } from '../../nlp/model.js';
import { scoreStore } from '../../nlp/score-store.js';
import { data } from './helpers.js';

describe('full data: the StockNet benchmark on the dev split', function () {
  this.timeout(3_600_000);
  it('follows the official protocol and the shuffled-label guard scores at chance', async () => {
    const store = openStore(':memory:');
    importStocknet(store, data('stocknet-acl18'));
    const model = await loadSentimentModel({
      name: path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment'),
      dtype: 'q8',
    });
    await scoreStore(store, model, { batchSize: 32 });
    await model.dispose();
    aggregateDaily(store, { modelId: model.id, cutoff: 'open', from: '2014-01-01' });
    const r = await runStocknetBenchmark(store, {
      sentimentModel: model.id,
      split: 'dev',
      seeds: 1,
      variants: ['majority', 'lstm-price+sentiment'],
      guard: true,
      nightly: { kind: 'logistic', sentiment: sentimentFeatures('decay'), normalise: 'cross-section' },
    });
    // StockNet's SOURCE.md counts 2,555 labelled dev targets after the move-threshold filter.
    expect(r.counts.dev).to.equal(2555);
    expect(r.counts.evaluated.all).to.equal(2555);
    expect(r.counts.evaluated.official).to.be.greaterThan(0).and.lessThan(2555);
    expect(r.counts.train).to.be.within(20_000, 20_345);
    const majority = r.results.all.find((x) => x.variant === 'majority')!;
    expect(majority.accuracy.mean).to.be.closeTo(1139 / 2555, 1e-9); // train is majority up; dev is 44.58% up
    expect(Math.abs(r.shuffledLabelGuard!.mcc.mean)).to.be.lessThan(0.1);
    // The nightly configuration is scored on exactly the same targets as the benchmark's own variants.
    const nightly = r.results.all.find((x) => x.variant === 'nightly: logistic')!;
    expect(nightly.n).to.equal(2555);
    expect(r.results.official.find((x) => x.variant === 'nightly: logistic')!.n).to.equal(r.counts.evaluated.official);
    store.close();
  });
});
