/**
 * Fusion training time on StockNet's train split (early stopping on dev), for the price+sentiment LSTM, for the
 * shipped nightly configuration (core/config.ts defaults: network, sentiment features, normalisation, ensemble)
 * and for a 3-seed LSTM ensemble on cross-section features (the default before), against the logistic-regression
 * baseline on the daily features, measured in the same run.
 * Needs a database where `finsent eval fusion` has imported, scored and aggregated StockNet.
 * Usage: npm run bench:train -- <db> [seed]
 */
import { openStore } from '../db/store.js';
import { activeSentimentModel } from '../db/queries.js';
import { configSchema } from '../core/config.js';
import {
  buildSamples,
  type FeatureSpec,
  PRICE_FEATURES,
  SENTIMENT_FEATURES,
  sentimentFeatures,
} from '../fusion/features.js';
import { variantOf } from '../fusion/dataset.js';
import { fitFusion } from '../fusion/fit.js';
import { accuracy, mcc } from '../fusion/metrics.js';
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
const split = (sp: FeatureSpec) => {
  const all = buildSamples(store, sp, { from: STOCKNET_SPLITS.train[0], to: STOCKNET_SPLITS.dev[1] }).filter(
    (s) => s.label !== null,
  );
  return [all.filter((s) => s.day < STOCKNET_SPLITS.dev[0]), all.filter((s) => s.day >= STOCKNET_SPLITS.dev[0])];
};
const [train, dev] = split(spec);
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
// What the nightly job trains by default, through fitFusion as the nightly job does, with StockNet's dev split as
// the validation tail: the seeds side by side in worker threads; and the 3-seed LSTM ensemble on cross-section
// features, side by side and with the same three seeds one after another (the baseline of that speed-up).
const defaults = configSchema.parse({}).fusion;
const shipped: FeatureSpec = {
  ...spec,
  normalise: defaults.normalise,
  sentiment: sentimentFeatures(defaults.sentimentFeatures),
};
const lstmEnsemble: FeatureSpec = { ...spec, normalise: 'cross-section' };
const SHIPPED =
  `shipped: ${defaults.model}, ${defaults.sentimentFeatures} sentiment features, ${defaults.normalise}, ` +
  `${defaults.ensemble} seeds`;
for (const [name, sp, kind, seeds, parallel] of [
  [SHIPPED, shipped, defaults.model, defaults.ensemble, undefined],
  ['cross-section, 3-seed LSTM ensemble', lstmEnsemble, 'lstm', 3, undefined],
  ['same LSTM ensemble, seeds one after another', lstmEnsemble, 'lstm', 3, 1],
] as const) {
  const [xsTrain, xsDev] = split(sp);
  const t0 = performance.now();
  const fit = await fitFusion([...xsTrain, ...xsDev], sp, {
    variant: variantOf(kind),
    seed,
    seeds,
    devFrom: STOCKNET_SPLITS.dev[0],
    parallel,
  });
  const seconds = (performance.now() - t0) / 1000;
  const pred = Array.from(await fit.predict(xsDev), (x) => (x > 0.5 ? 1 : 0));
  const gold = xsDev.map((s) => s.label ?? 0);
  fit.model.dispose();
  out[name] = {
    seconds: +seconds.toFixed(2),
    bestEpochs: fit.bestEpochs,
    devAccuracy: +accuracy(gold, pred).toFixed(4),
    devMcc: +mcc(gold, pred).toFixed(4),
  };
}
const seconds = (name: string) => (out[name] as { seconds: number }).seconds;
out.ratioSequentialToParallelSeeds = +(
  seconds('same LSTM ensemble, seeds one after another') / seconds('cross-section, 3-seed LSTM ensemble')
).toFixed(2);
out.ratioLstmToLogistic = +(
  (out['lstm-price+sentiment'] as { seconds: number }).seconds / (out.logistic as { seconds: number }).seconds
).toFixed(2);
console.log(JSON.stringify(out, null, 2));
