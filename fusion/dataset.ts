import { type FeatureSpec, type fitNormaliser, nFeatures, type Sample, toTensorData } from './features.js';
import type { NetKind, TrainData } from './net.js';

/** The model variants the benchmark compares; the nightly model is 'lstm-price+sentiment'. */
export type Variant =
  | 'majority'
  | 'logistic'
  | 'lstm-price'
  | 'lstm-sentiment'
  | 'lstm-price+sentiment'
  | 'alstm-price+sentiment'
  | 'adv-alstm-price+sentiment';
export const VARIANTS: Variant[] = ['majority', 'logistic', 'lstm-price', 'lstm-sentiment', 'lstm-price+sentiment'];

/** The feature columns a variant reads: price columns come first in a sample, then sentiment. */
export function columnsFor(v: Variant, spec: FeatureSpec): number[] {
  const price = spec.price.map((_, i) => i);
  const sentiment = spec.sentiment.map((_, i) => spec.price.length + i);
  if (v === 'lstm-price') return price;
  if (v === 'lstm-sentiment') return sentiment;
  return [...price, ...sentiment];
}

const KIND: Record<Variant, NetKind> = {
  majority: 'logistic', // never trained
  logistic: 'logistic',
  'lstm-price': 'lstm',
  'lstm-sentiment': 'lstm',
  'lstm-price+sentiment': 'lstm',
  'alstm-price+sentiment': 'alstm',
  'adv-alstm-price+sentiment': 'adv-alstm',
};
export const netKind = (v: Variant): NetKind => KIND[v];

/** The variant that trains a network of `kind` on every price and sentiment column. */
export const variantOf = (kind: NetKind): Variant => (kind === 'logistic' ? 'logistic' : `${kind}-price+sentiment`);

/** Samples as normalised network input restricted to `cols`, with their labels (or `labels` instead). */
export function dataOf(
  samples: Sample[],
  spec: FeatureSpec,
  norm: ReturnType<typeof fitNormaliser>,
  cols: number[],
  labels?: number[],
): TrainData {
  return {
    x: toTensorData(samples, nFeatures(spec), norm, cols),
    y: Float32Array.from(labels ?? samples.map((s) => s.label ?? 0)),
    n: samples.length,
  };
}
