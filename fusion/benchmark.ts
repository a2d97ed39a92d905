import type { Store } from '../db/store.js';
import type { CutoffMode } from './calendar.js';
import {
  buildSamples,
  type FeatureSpec,
  type Normalisation,
  PRICE_FEATURES,
  type Sample,
  SENTIMENT_FEATURES,
} from './features.js';
import type { NetKind } from './net.js';
import { variantOf } from './dataset.js';
import { runVariant, VARIANTS, type Variant, type VariantResult } from './experiment.js';

/** StockNet's official date splits (yumoxu/stocknet-code config.yml). */
export const STOCKNET_SPLITS = {
  train: ['2014-01-01', '2015-08-01'],
  dev: ['2015-08-01', '2015-10-01'],
  test: ['2015-10-01', '2016-01-01'],
} as const;
export type Split = keyof typeof STOCKNET_SPLITS;

export interface BenchmarkReport {
  split: Split;
  seeds: number[];
  spec: FeatureSpec;
  counts: { train: number; dev: number; evaluated: { all: number; official: number } };
  /** Results on every labelled target, and on StockNet's official set (each window day has a tweet). */
  results: { all: VariantResult[]; official: VariantResult[] };
  shuffledLabelGuard?: VariantResult;
  note?: string;
}

const inSplit = (s: Sample, split: Split) => s.day >= STOCKNET_SPLITS[split][0] && s.day < STOCKNET_SPLITS[split][1];

/**
 * The StockNet protocol on a store that holds the StockNet prices and scored, aggregated tweets:
 * labelled targets (moves in [-0.5%, 0.55%) dropped), train on train, early-stop and select on dev, report
 * the requested split over `seeds`, for every variant, on both sample sets. Works on whatever dates the
 * store holds: a split with no targets is reported with n = 0.
 */
export async function runStocknetBenchmark(
  store: Store,
  options: {
    sentimentModel: string;
    split: Split;
    seeds: number;
    window?: number;
    cutoff?: CutoffMode;
    variants?: Variant[];
    units?: number;
    guard?: boolean;
    /**
     * The nightly configuration, reported as one more row (`nightly: <network>`): its network, sentiment
     * features and normalisation on the benchmark's cut-off, one fit per seed (the nightly job averages seeds).
     */
    nightly?: { kind: NetKind; sentiment: readonly string[]; normalise: Normalisation };
    log?: (m: string) => void;
  },
): Promise<BenchmarkReport> {
  const spec: FeatureSpec = {
    version: 1,
    window: options.window ?? 5,
    price: PRICE_FEATURES,
    sentiment: SENTIMENT_FEATURES,
    sentimentModel: options.sentimentModel,
    cutoff: options.cutoff ?? 'open',
    offsetMinutes: 0,
  };
  const all = buildSamples(store, spec, { from: STOCKNET_SPLITS.train[0], to: STOCKNET_SPLITS.test[1] }).filter(
    (s) => s.label !== null,
  );
  const train = all.filter((s) => inSplit(s, 'train')),
    dev = all.filter((s) => inSplit(s, 'dev'));
  const target = all.filter((s) => inSplit(s, options.split));
  const official = target.filter((s) => s.allStepsHaveDocs);
  const seeds = Array.from({ length: options.seeds }, (_, i) => i);
  const report: BenchmarkReport = {
    split: options.split,
    seeds,
    spec,
    counts: { train: train.length, dev: dev.length, evaluated: { all: target.length, official: official.length } },
    results: { all: [], official: [] },
  };
  if (!train.length || !dev.length) {
    report.note = 'the store has no train or dev targets: import a StockNet folder with prices and tweets first';
    return report;
  }
  if (!target.length)
    report.note = `no ${options.split} targets in this data folder (the ${options.split} period may be withheld)`;
  for (const v of options.variants ?? VARIANTS) {
    options.log?.(`training ${v} on ${train.length} samples (${seeds.length} seeds)`);
    const r = await runVariant(v, spec, train, dev, { all: target, official }, seeds, {
      units: options.units,
      log: options.log,
    });
    report.results.all.push(r.all);
    report.results.official.push(r.official);
  }
  if (options.nightly) {
    const n = options.nightly;
    const nightlySpec: FeatureSpec = { ...spec, sentiment: n.sentiment, normalise: n.normalise };
    // Built over every ticker at once, so the cross-section has the whole universe of each session.
    const xs = buildSamples(store, nightlySpec, { from: STOCKNET_SPLITS.train[0], to: STOCKNET_SPLITS.test[1] }).filter(
      (s) => s.label !== null,
    );
    const xsTarget = xs.filter((s) => inSplit(s, options.split));
    const variant = variantOf(n.kind);
    options.log?.(`training the nightly configuration (${n.kind}) on ${train.length} samples (${seeds.length} seeds)`);
    const sets = { all: xsTarget, official: xsTarget.filter((s) => s.allStepsHaveDocs) };
    const r = await runVariant(
      variant,
      nightlySpec,
      xs.filter((s) => inSplit(s, 'train')),
      xs.filter((s) => inSplit(s, 'dev')),
      sets,
      seeds,
      { units: options.units, log: options.log },
    );
    report.results.all.push({ ...r.all, variant: `nightly: ${n.kind}` });
    report.results.official.push({ ...r.official, variant: `nightly: ${n.kind}` });
  }
  if (options.guard) {
    const r = await runVariant('lstm-price+sentiment', spec, train, dev, { all: target }, [0], {
      units: options.units,
      shuffleLabels: true,
    });
    report.shuffledLabelGuard = r.all;
  }
  return report;
}
