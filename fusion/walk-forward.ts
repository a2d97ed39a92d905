import type { Variant } from './dataset.js';
import type { FeatureSpec, Sample } from './features.js';
import { fitFusion } from './fit.js';
import { accuracy, mcc } from './metrics.js';
import { neweyWestT, spearman } from './signal-stats.js';

export interface FoldPlan {
  fold: number;
  /** Last session any training or validation sample may come from. */
  trainThrough: string;
  testFrom: string;
  testTo: string;
}

/**
 * Expanding-window folds over sessions: the sessions after the first `minTrainFraction` are cut into `folds`
 * consecutive test blocks, or into blocks of `step` sessions (a retrain every `step` sessions, as the nightly job
 * retrains on its own cadence); fold k trains (and validates, on its own tail) on every session before its test
 * block less an `embargo` of sessions, so that no training target's window or label overlaps the test block.
 */
export function planFolds(
  days: readonly string[],
  options: { folds: number; embargo: number; step?: number; minTrainFraction?: number },
): FoldPlan[] {
  const start = Math.floor(days.length * (options.minTrainFraction ?? 0.4));
  const folds = options.step ? Math.floor((days.length - start) / options.step) : options.folds;
  const size = options.step ?? Math.floor((days.length - start) / Math.max(folds, 1));
  if (folds < 1 || size < 1 || start - options.embargo < 20) return [];
  return Array.from({ length: folds }, (_, k) => {
    const first = start + k * size;
    const last = k === folds - 1 ? days.length - 1 : first + size - 1;
    return { fold: k + 1, trainThrough: days[first - options.embargo - 1], testFrom: days[first], testTo: days[last] };
  });
}

export interface FoldResult extends FoldPlan {
  trainSamples: number;
  testSamples: number;
  /** The latest session of a sample the fold was fitted on (training or validation): always ≤ trainThrough. */
  fittedThrough: string;
  accuracy: number;
  mcc: number;
  meanIc: number;
}

interface Scored {
  day: string;
  p: number;
  move: number;
  label: number;
}

function icSeries(rows: Scored[]): number[] {
  const byDay = new Map<string, Scored[]>();
  for (const r of rows) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
  return [...byDay.values()]
    .filter((d) => d.length >= 5)
    .map((d) =>
      spearman(
        d.map((r) => r.p),
        d.map((r) => r.move),
      ),
    )
    .filter(Number.isFinite);
}

/** The latest session of any of `samples` ('' for none). */
export function latestDay(samples: Sample[]): string {
  let latest = '';
  for (const s of samples) if (s.day > latest) latest = s.day;
  return latest;
}

/** A fold's history (everything its plan allows fitting on) and its test block, of labelled samples. */
export function foldSamples(labelled: Sample[], plan: FoldPlan): { history: Sample[]; test: Sample[] } {
  return {
    history: labelled.filter((s) => s.day <= plan.trainThrough),
    test: labelled.filter((s) => s.day >= plan.testFrom && s.day <= plan.testTo),
  };
}

/** The labelled samples and the folds planned over their sessions. */
export function planWalkForward(samples: Sample[], options: FoldOptions): { labelled: Sample[]; plans: FoldPlan[] } {
  const labelled = samples.filter((s) => s.label !== null && s.move !== null);
  const days = [...new Set(labelled.map((s) => s.day))].sort();
  return { labelled, plans: planFolds(days, options) };
}

export interface FoldOptions {
  folds: number;
  embargo: number;
  step?: number;
}

/** What a fold's model gives: P(up) for each test sample, in order, and the latest session it was fitted on. */
export interface FoldFit {
  p: Float32Array;
  fittedThrough: string;
}

/** Fits one fold on its history and predicts its test block. */
export type FoldFitter = (history: Sample[], test: Sample[], plan: FoldPlan) => Promise<FoldFit>;

/** The nightly retrain's own fit (`fitFusion`), as a fold fitter. */
export function fusionFitter(
  spec: FeatureSpec,
  options: { variant?: Variant; seed?: number; seeds?: number; units?: number },
): FoldFitter {
  return async (history, test) => {
    // A seed ensemble averages P(up) over `seeds` fits that differ only in their seed, as the nightly model does.
    const fit = await fitFusion(history, spec, {
      variant: options.variant,
      seed: options.seed ?? 0,
      seeds: options.seeds ?? 1,
      units: options.units,
    });
    const p = await fit.predict(test);
    fit.model.dispose();
    return { p, fittedThrough: latestDay([...fit.train, ...fit.dev]) };
  };
}

/**
 * Walk-forward evaluation: for each fold, a model is fitted on the sessions its plan allows, by default with
 * `fitFusion` (the nightly retrain's own code, every choice inside the fold: the validation tail for early
 * stopping, the normaliser), or by `fitter` (e.g. predictions made outside finsent on exported folds), then
 * scored on the fold's test block. Reports each fold and the pooled out-of-sample figures: accuracy, MCC and the
 * daily cross-sectional rank IC of P(up) against the next move (Newey–West t).
 */
export async function walkForward(
  samples: Sample[],
  spec: FeatureSpec,
  options: FoldOptions & {
    variant?: Variant;
    /** The name reported for a model fitted by `fitter`. */
    name?: string;
    fitter?: FoldFitter;
    seed?: number;
    /** Fits per fold whose P(up) are averaged (a seed ensemble). @default 1 */
    seeds?: number;
    units?: number;
    log?: (m: string) => void;
  },
) {
  const { labelled, plans } = planWalkForward(samples, options);
  const fitter = options.fitter ?? fusionFitter(spec, options);
  const folds: FoldResult[] = [];
  const pooled: Scored[] = [];
  for (const plan of plans) {
    const { history, test } = foldSamples(labelled, plan);
    const { p, fittedThrough } = await fitter(history, test, plan);
    const rows = test.map((s, i) => ({ day: s.day, p: p[i], move: s.move ?? 0, label: s.label ?? 0 }));
    pooled.push(...rows);
    const gold = rows.map((r) => r.label);
    const pred = rows.map((r) => (r.p > 0.5 ? 1 : 0));
    const ics = icSeries(rows);
    folds.push({
      ...plan,
      trainSamples: history.length,
      testSamples: test.length,
      fittedThrough,
      accuracy: accuracy(gold, pred),
      mcc: mcc(gold, pred),
      meanIc: ics.reduce((a, b) => a + b, 0) / Math.max(ics.length, 1),
    });
    options.log?.(`fold ${plan.fold}: trained through ${plan.trainThrough}, tested ${plan.testFrom}..${plan.testTo}`);
  }
  const gold = pooled.map((r) => r.label);
  const pred = pooled.map((r) => (r.p > 0.5 ? 1 : 0));
  const ic = neweyWestT(icSeries(pooled));
  return {
    variant: options.name ?? options.variant ?? 'lstm-price+sentiment',
    embargo: options.embargo,
    seeds: options.seeds ?? 1,
    folds,
    pooled: { n: pooled.length, accuracy: accuracy(gold, pred), mcc: mcc(gold, pred), ic },
  };
}
