import { NonRetryableError } from '../core/errors.js';
import { registerModel } from '../db/models.js';
import { universeTickersWithPrices } from '../db/prices.js';
import type { Store } from '../db/store.js';
import type { CutoffMode } from './calendar.js';
import {
  type FeatureSpec,
  type Normalisation,
  PRICE_FEATURES,
  type SentimentFeatureSet,
  sentimentFeatures,
} from './features.js';
import { liveNormalisation } from './cross-section.js';
import { variantOf } from './dataset.js';
import type { NetKind } from './net.js';
import { peerSamples } from './peer-samples.js';
import { fitFusion } from './fit.js';
import { accuracy, mcc } from './metrics.js';
import { type FusionMeta, type FusionModel, saveFusionModel } from './model-io.js';
import { fusionModelId, modelFolder } from './registry.js';

export function liveSpec(options: {
  sentimentModel: string;
  window: number;
  cutoff: CutoffMode;
  offsetMinutes: number;
  normalise?: Normalisation;
  sentimentFeatures?: SentimentFeatureSet;
}): FeatureSpec {
  return {
    version: 1,
    window: options.window,
    price: PRICE_FEATURES,
    sentiment: sentimentFeatures(options.sentimentFeatures ?? 'daily'),
    sentimentModel: options.sentimentModel,
    cutoff: options.cutoff,
    offsetMinutes: options.offsetMinutes,
    // Pooled is the spec's default; leaving it out keeps the ids of models trained before the option existed.
    ...(options.normalise && options.normalise !== 'pooled' ? { normalise: options.normalise } : {}),
  };
}

/**
 * The live feature spec from the config, for the store it will train and signal on: the nightly job, `finsent
 * train` and `finsent signal` all build it here. A universe too small to compare stocks within falls back to
 * pooled normalisation, and `warn` is told.
 */
export function configuredLiveSpec(
  store: Store,
  config: {
    fusion: {
      window: number;
      cutoffOffsetMinutes: number;
      normalise: Normalisation;
      sentimentFeatures: SentimentFeatureSet;
    };
  },
  sentimentModel: string,
  warn?: (fields: Record<string, unknown>, message: string) => void,
): FeatureSpec {
  const universe = universeTickersWithPrices(store.db).length;
  const normalise = liveNormalisation(config.fusion.normalise, universe);
  if (normalise !== config.fusion.normalise)
    warn?.({ universe, configured: config.fusion.normalise }, 'too few tickers to compare; pooled features');
  return liveSpec({
    sentimentModel,
    window: config.fusion.window,
    cutoff: 'prev-close',
    offsetMinutes: config.fusion.cutoffOffsetMinutes,
    normalise,
    sentimentFeatures: config.fusion.sentimentFeatures,
  });
}

/** The network and seed count the config asks of the live model: the nightly job, `finsent train` and `signal`. */
export const configuredTraining = (config: { fusion: { model: NetKind; ensemble: number } }) => ({
  kind: config.fusion.model,
  seeds: config.fusion.ensemble,
});

/**
 * Trains the fusion network of `kind` (net.ts: logistic regression, the LSTM, the ALSTM, plain or adversarial)
 * on every labelled target
 * in the store (or those in [from, to)), holding out the most recent `devFraction` of dates for early stopping,
 * and saves it under a new id in its own folder of the registry `root`, with its spec, normaliser and metadata
 * (including `trainedThrough`, the last session it saw). Returns the trained model, ready to predict, so a
 * caller never reloads what it just saved.
 */
export async function trainLive(
  store: Store,
  root: string,
  spec: FeatureSpec,
  options: {
    /** @default 'lstm' */
    kind?: NetKind;
    seed?: number;
    /** A seed ensemble of this many fits, saved as one model. @default 1 */
    seeds?: number;
    devFraction?: number;
    units?: number;
    from?: string;
    to?: string;
  } = {},
): Promise<FusionModel> {
  // Under cross-section the model trains on the peer set it will signal (the universe); otherwise on every
  // ticker with prices.
  const samples = peerSamples(store, spec, { everyPriced: true, from: options.from, to: options.to }).filter(
    (s) => s.label !== null,
  );
  const days = [...new Set(samples.map((s) => s.day))].sort();
  if (days.length < 20)
    throw new NonRetryableError(
      `too little labelled history to train: ${samples.length} samples over ${days.length} days ` +
        '(need prices and scored documents)',
    );
  const kind = options.kind ?? 'lstm';
  const fit = await fitFusion(samples, spec, {
    variant: variantOf(kind),
    seed: options.seed,
    seeds: options.seeds,
    units: options.units,
    devFraction: options.devFraction,
  });
  const { dev, train } = fit;
  const p = Array.from(await fit.predict(dev), (x) => (x > 0.5 ? 1 : 0));
  const gold = dev.map((s) => s.label ?? 0);
  const trainedAt = new Date();
  const id = fusionModelId(kind, trainedAt, {
    spec,
    from: options.from,
    to: options.to,
    seed: options.seed ?? 0,
    units: options.units,
    // Left out for a single fit, so the ids of models trained before ensembles existed stay what they were.
    ...(options.seeds && options.seeds > 1 ? { seeds: options.seeds } : {}),
  });
  const meta: FusionMeta = {
    id,
    kind,
    cols: fit.cols,
    spec,
    normaliser: fit.normaliser,
    trainedAt: trainedAt.toISOString(),
    training: {
      trainedFrom: days[0],
      trainedThrough: days[days.length - 1],
      trainSamples: train.length,
      devSamples: dev.length,
      devFrom: fit.devFrom,
      bestEpoch: fit.bestEpoch,
      epochs: fit.epochs,
      seconds: fit.seconds,
      devAccuracy: accuracy(gold, p),
      devMcc: mcc(gold, p),
      seed: options.seed ?? 0,
      seeds: fit.bestEpochs.length,
      bestEpochs: fit.bestEpochs,
    },
  };
  const dir = modelFolder(root, id);
  await saveFusionModel(dir, fit.model, meta);
  registerModel(store.db, {
    id: meta.id,
    kind: 'fusion',
    location: dir,
    meta: meta.training,
    createdAt: meta.trainedAt,
  });
  return { meta, model: fit.model, dir };
}
