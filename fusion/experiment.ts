import { columnsFor, dataOf, netKind, type Variant } from './dataset.js';
import { type FeatureSpec, fitNormaliser, nFeatures, type Sample } from './features.js';
import { accuracy, bootstrapCI, mcc, meanStd, rng, shuffleInPlace } from './metrics.js';
import { predictNet, trainNet } from './net.js';

export { VARIANTS, type Variant } from './dataset.js';

export interface VariantResult {
  /** The variant, or a label for a configuration built on one (`nightly: logistic`). */
  variant: Variant | `nightly: ${string}`;
  n: number;
  accuracy: { mean: number; std: number; ci95: [number, number] };
  mcc: { mean: number; std: number; ci95: [number, number] };
  seeds: { seed: number; accuracy: number; mcc: number; bestEpoch: number; seconds: number }[];
}

/**
 * Trains `variant` on `train` (early stopping on `dev`) once per seed and scores it on each evaluation set.
 * `shuffleLabels` permutes the training labels (seeded): the leak guard, which must score at chance.
 */
export async function runVariant(
  variant: Variant,
  spec: FeatureSpec,
  train: Sample[],
  dev: Sample[],
  evalSets: Record<string, Sample[]>,
  seeds: number[],
  options: { units?: number; shuffleLabels?: boolean; log?: (m: string) => void } = {},
): Promise<Record<string, VariantResult>> {
  const out: Record<string, VariantResult> = {};
  const preds: Record<string, number[][]> = Object.fromEntries(Object.keys(evalSets).map((k) => [k, []]));
  const perSeed: Record<string, VariantResult['seeds']> = Object.fromEntries(Object.keys(evalSets).map((k) => [k, []]));
  const norm = fitNormaliser(train, nFeatures(spec), spec.normalise);
  const cols = columnsFor(variant, spec);
  for (const seed of seeds) {
    let trainLabels = train.map((s) => s.label ?? 0);
    if (options.shuffleLabels) trainLabels = shuffleInPlace([...trainLabels], rng(seed + 99));
    let bestEpoch = 0,
      seconds = 0;
    let predict: (s: Sample[]) => Promise<number[]>;
    if (variant === 'majority') {
      const up = trainLabels.filter(Boolean).length >= trainLabels.length / 2 ? 1 : 0;
      predict = async (s) => s.map(() => up);
    } else {
      const r = await trainNet(dataOf(train, spec, norm, cols, trainLabels), dataOf(dev, spec, norm, cols), {
        kind: netKind(variant),
        window: spec.window,
        cols: cols.length,
        seed,
        units: options.units,
      });
      bestEpoch = r.bestEpoch;
      seconds = r.seconds;
      predict = async (s) =>
        s.length
          ? Array.from(await predictNet(r.model, dataOf(s, spec, norm, cols), spec.window, cols.length), (p) =>
              p > 0.5 ? 1 : 0,
            )
          : [];
      options.log?.(
        `${variant} seed ${seed}: best epoch ${r.bestEpoch}/${r.epochs}, ` +
          `dev loss ${r.devLoss.toFixed(4)}, ${r.seconds.toFixed(1)} s`,
      );
    }
    for (const [k, s] of Object.entries(evalSets)) {
      const p = await predict(s);
      const g = s.map((x) => x.label ?? 0);
      preds[k].push(p);
      perSeed[k].push({ seed, accuracy: accuracy(g, p), mcc: mcc(g, p), bestEpoch, seconds });
    }
  }
  for (const [k, s] of Object.entries(evalSets)) {
    const g = s.map((x) => x.label ?? 0);
    const a = meanStd(perSeed[k].map((r) => r.accuracy)),
      m = meanStd(perSeed[k].map((r) => r.mcc));
    out[k] = {
      variant,
      n: s.length,
      accuracy: { ...a, ci95: bootstrapCI(g, preds[k], accuracy) },
      mcc: { ...m, ci95: bootstrapCI(g, preds[k], mcc) },
      seeds: perSeed[k],
    };
  }
  return out;
}
