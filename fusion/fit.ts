import { columnsFor, dataOf, netKind, type Variant } from './dataset.js';
import { type FeatureSpec, fitNormaliser, nFeatures, type Normaliser, type Sample } from './features.js';
import type * as TF from '@tensorflow/tfjs';
import { averageModels, predictNet } from './net.js';
import { trainSeeds } from './seed-pool.js';

export interface FittedFusion extends FitSplit {
  model: TF.LayersModel;
  /** Of the first seed; `bestEpochs` has every seed's. */
  bestEpoch: number;
  bestEpochs: number[];
  epochs: number;
  seconds: number;
  /** P(up) for samples built with the same spec. */
  predict(samples: Sample[]): Promise<Float32Array>;
}

export interface FitSplit {
  /** First session of the validation tail (used only for early stopping). */
  devFrom: string;
  train: Sample[];
  dev: Sample[];
  /** Fitted on `train` only. */
  normaliser: Normaliser;
  cols: number[];
}

/**
 * How a fold's history is split for fitting: the last `devFraction` of its sessions is the validation tail, and
 * the normaliser is fitted on the part before it. `fitFusion` fits on this split, and `exportFolds` writes it for
 * models fitted outside finsent, so both see the same rows.
 */
export function splitForFit(
  samples: Sample[],
  spec: FeatureSpec,
  options: { variant?: Variant; devFraction?: number; devFrom?: string } = {},
): FitSplit {
  const days = [...new Set(samples.map((s) => s.day))].sort();
  const devFrom = options.devFrom ?? days[Math.floor(days.length * (1 - (options.devFraction ?? 0.15)))];
  const train = samples.filter((s) => s.day < devFrom);
  const dev = samples.filter((s) => s.day >= devFrom);
  const normaliser = fitNormaliser(train, nFeatures(spec), spec.normalise);
  const cols = columnsFor(options.variant ?? 'lstm-price+sentiment', spec);
  return { devFrom, train, dev, normaliser, cols };
}

/**
 * The one way a fusion model is fitted, used by the nightly retrain (`trainLive`) and by each walk-forward fold
 * alike, so what runs at night is what was evaluated: the labelled samples' sessions are split in time, the last
 * `devFraction` of sessions is the validation tail for early stopping, and the normaliser is fitted on the
 * training part only. Nothing after the last given sample is seen. With `seeds` > 1 the model is the mean of
 * that many fits differing only in their seed.
 */
export async function fitFusion(
  samples: Sample[],
  spec: FeatureSpec,
  options: {
    variant?: Variant;
    seed?: number;
    /** Fits that differ only in their seed (seed, seed + 1, ...), averaged into one model. @default 1 */
    seeds?: number;
    units?: number;
    devFraction?: number;
    /** First session of the validation tail, instead of the last `devFraction` of sessions. */
    devFrom?: string;
    /** Seeds trained side by side at most (see seed-pool.ts); 1 trains them one after another. */
    parallel?: number;
  } = {},
): Promise<FittedFusion> {
  const variant = options.variant ?? 'lstm-price+sentiment';
  const { devFrom, train, dev, normaliser, cols } = splitForFit(samples, spec, options);
  const trainData = dataOf(train, spec, normaliser, cols);
  const devData = dataOf(dev, spec, normaliser, cols);
  const seeds = Array.from({ length: options.seeds ?? 1 }, (_, k) => ({
    kind: netKind(variant),
    window: spec.window,
    cols: cols.length,
    seed: (options.seed ?? 0) + k,
    units: options.units,
  }));
  const t0 = performance.now();
  const fits = await trainSeeds(trainData, devData, seeds, options.parallel);
  const seconds = (performance.now() - t0) / 1000;
  const model = await averageModels(fits.map((f) => f.model));
  const predict = async (s: Sample[]) =>
    s.length ? predictNet(model, dataOf(s, spec, normaliser, cols), spec.window, cols.length) : new Float32Array();
  return {
    model,
    bestEpoch: fits[0].bestEpoch,
    bestEpochs: fits.map((f) => f.bestEpoch),
    epochs: Math.max(...fits.map((f) => f.epochs)),
    // Wall-clock: the seeds may have trained side by side.
    seconds,
    normaliser,
    cols,
    devFrom,
    train,
    dev,
    predict,
  };
}
