import { columnsFor, dataOf, netKind, type Variant } from './dataset.js';
import { type FeatureSpec, fitNormaliser, nFeatures, type Normaliser, type Sample } from './features.js';
import type * as TF from '@tensorflow/tfjs';
import { predictNet, trainNet } from './net.js';

export interface FittedFusion {
  model: TF.LayersModel;
  normaliser: Normaliser;
  cols: number[];
  /** First session of the validation tail (used only for early stopping). */
  devFrom: string;
  train: Sample[];
  dev: Sample[];
  bestEpoch: number;
  epochs: number;
  seconds: number;
  /** P(up) for samples built with the same spec. */
  predict(samples: Sample[]): Promise<Float32Array>;
}

/**
 * The one way a fusion model is fitted, used by the nightly retrain (`trainLive`) and by each walk-forward fold
 * alike, so what runs at night is what was evaluated: the labelled samples' sessions are split in time, the last
 * `devFraction` of sessions is the validation tail for early stopping, and the normaliser is fitted on the
 * training part only. Nothing after the last given sample is seen.
 */
export async function fitFusion(
  samples: Sample[],
  spec: FeatureSpec,
  options: { variant?: Variant; seed?: number; units?: number; devFraction?: number } = {},
): Promise<FittedFusion> {
  const variant = options.variant ?? 'lstm-price+sentiment';
  const days = [...new Set(samples.map((s) => s.day))].sort();
  const devFrom = days[Math.floor(days.length * (1 - (options.devFraction ?? 0.15)))];
  const train = samples.filter((s) => s.day < devFrom);
  const dev = samples.filter((s) => s.day >= devFrom);
  const normaliser = fitNormaliser(train, nFeatures(spec), spec.normalise);
  const cols = columnsFor(variant, spec);
  const r = await trainNet(dataOf(train, spec, normaliser, cols), dataOf(dev, spec, normaliser, cols), {
    kind: netKind(variant),
    window: spec.window,
    cols: cols.length,
    seed: options.seed ?? 0,
    units: options.units,
  });
  const predict = async (s: Sample[]) =>
    s.length ? predictNet(r.model, dataOf(s, spec, normaliser, cols), spec.window, cols.length) : new Float32Array();
  return { ...r, normaliser, cols, devFrom, train, dev, predict };
}
