/**
 * Fusion training time on StockNet's train split (early stopping on dev), for the price+sentiment LSTM,
 * against the logistic-regression baseline on the same features, measured in the same run.
 * Needs a database where `finsent eval fusion` has imported, scored and aggregated StockNet.
 * Usage: npm run bench:train -- <db> [seed]
 */
import { openStore } from '../db/store.js';
import { activeSentimentModel } from '../db/queries.js';
import { buildSamples, PRICE_FEATURES, SENTIMENT_FEATURES, type FeatureSpec } from '../fusion/features.js';
import { STOCKNET_SPLITS } from '../fusion/benchmark.js';
import { runVariant } from '../fusion/experiment.js';
import { machine } from './util.js';

const store = openStore(process.argv[2] ?? 'stocknet.db', { readonly: true });
const seed = Number(process.argv[3] ?? 0);
const spec: FeatureSpec = {
  version: 1,
  window: 5,
  price: PRICE_FEATURES,
  sentiment: SENTIMENT_FEATURES,
  sentimentModel: activeSentimentModel(store.db)!,
  cutoff: 'open',
  offsetMinutes: 0,
};
const all = buildSamples(store, spec, { from: STOCKNET_SPLITS.train[0], to: STOCKNET_SPLITS.dev[1] }).filter(
  (s) => s.label !== null,
);
const train = all.filter((s) => s.day < STOCKNET_SPLITS.dev[0]),
  dev = all.filter((s) => s.day >= STOCKNET_SPLITS.dev[0]);
const out: Record<string, unknown> = {
  bench: 'train-fusion',
  machine: machine(),
  date: new Date().toISOString().slice(0, 10),
  trainSamples: train.length,
  devSamples: dev.length,
};
for (const v of ['logistic', 'lstm-price+sentiment'] as const) {
  const t0 = performance.now();
  const r = await runVariant(v, spec, train, dev, { dev }, [seed]);
  out[v] = {
    seconds: +((performance.now() - t0) / 1000).toFixed(2),
    bestEpoch: r.dev.seeds[0].bestEpoch,
    devAccuracy: +r.dev.accuracy.mean.toFixed(4),
    devMcc: +r.dev.mcc.mean.toFixed(4),
  };
}
out.ratioLstmToLogistic = +(
  (out['lstm-price+sentiment'] as { seconds: number }).seconds / (out.logistic as { seconds: number }).seconds
).toFixed(2);
console.log(JSON.stringify(out, null, 2));
