import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { makeDir } from '../core/files.js';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { NonRetryableError } from '../core/errors.js';
import { dataOf, type Variant } from './dataset.js';
import type { FeatureSpec, Sample } from './features.js';
import { splitForFit } from './fit.js';
import {
  type FoldFitter,
  type FoldOptions,
  type FoldPlan,
  foldSamples,
  latestDay,
  planWalkForward,
} from './walk-forward.js';

/** The manifest beside exported folds; a predictions folder is scored only against the folds it names. */
export interface FoldManifest {
  format: 'finsent-folds/1';
  spec: FeatureSpec;
  variant: Variant;
  /** Feature columns after `ticker, day` (and `part, label, move` in the fit files), normalised as the nets see. */
  features: string[];
  folds: (FoldPlan & { devFrom: string; fittedThrough: string; fit: string; test: string; predictions: string })[];
}

const MANIFEST = 'folds.json';
// Float32 features hold about seven significant digits; more would only bloat the files.
const CSV = { header: true, cast: { number: (v: number) => String(Number(v.toPrecision(7))) } };
const fileOf = (fold: number, kind: 'fit' | 'test' | 'pred') => `fold-${String(fold).padStart(2, '0')}.${kind}.csv`;

/** `name@-k`: the feature `k` sessions before the window's last step (`@0`). */
function featureNames(spec: FeatureSpec, cols: number[]): string[] {
  const names = [...spec.price, ...spec.sentiment];
  const out: string[] = [];
  for (let j = 0; j < spec.window; j++) for (const c of cols) out.push(`${names[c]}@${j - (spec.window - 1)}`);
  return out;
}

function rowsOf(samples: Sample[], x: Float32Array, width: number, extra: (s: Sample) => unknown[]): unknown[][] {
  return samples.map((s, i) => [s.ticker, s.day, ...extra(s), ...Array.from(x.subarray(i * width, (i + 1) * width))]);
}

/** Creates `dir` if needed and checks it can be written, so a bad path fails before minutes of scoring. */
export function prepareExportDir(dir: string): void {
  try {
    makeDir(dir);
    accessSync(dir, constants.W_OK);
  } catch (cause) {
    throw new NonRetryableError(`cannot write folds to ${dir}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Writes each walk-forward fold for a model fitted outside finsent (e.g. gradient-boosted trees,
 * `training/fold_baselines.py`): the fold's history as the nightly fit splits it (`part` train or valid, the
 * validation tail for early stopping) with labels, and its test block without labels or moves, all normalised
 * by the fold's own normaliser. Predictions written back as `fold-NN.pred.csv` (`ticker,day,p`) are scored by
 * `predictionsFitter` with the same metrics as finsent's own models.
 */
export function exportFolds(
  samples: Sample[],
  spec: FeatureSpec,
  options: FoldOptions & { variant: Variant },
  dir: string,
): FoldManifest {
  prepareExportDir(dir);
  const { labelled, plans } = planWalkForward(samples, options);
  const manifest: FoldManifest = { format: 'finsent-folds/1', spec, variant: options.variant, features: [], folds: [] };
  for (const plan of plans) {
    const { history, test } = foldSamples(labelled, plan);
    const split = splitForFit(history, spec, { variant: options.variant });
    manifest.features = featureNames(spec, split.cols);
    const width = manifest.features.length;
    const data = (s: Sample[]) => dataOf(s, spec, split.normaliser, split.cols).x;
    const fitRows = [
      ...rowsOf(split.train, data(split.train), width, (s) => ['train', s.label, s.move]),
      ...rowsOf(split.dev, data(split.dev), width, (s) => ['valid', s.label, s.move]),
    ];
    const fit = fileOf(plan.fold, 'fit');
    const testFile = fileOf(plan.fold, 'test');
    const head = ['ticker', 'day'];
    writeFileSync(
      path.join(dir, fit),
      stringify(fitRows, { ...CSV, columns: [...head, 'part', 'label', 'move', ...manifest.features] }),
    );
    writeFileSync(
      path.join(dir, testFile),
      stringify(
        rowsOf(test, data(test), width, () => []),
        { ...CSV, columns: [...head, ...manifest.features] },
      ),
    );
    manifest.folds.push({
      ...plan,
      devFrom: split.devFrom,
      fittedThrough: latestDay(history),
      fit,
      test: testFile,
      predictions: fileOf(plan.fold, 'pred'),
    });
  }
  writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function readManifest(dir: string): FoldManifest {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) throw new NonRetryableError(`${dir} has no ${MANIFEST}: export folds there first`);
  let m: FoldManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as FoldManifest;
  } catch (cause) {
    throw new NonRetryableError(`${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (m?.format !== 'finsent-folds/1' || !Array.isArray(m.folds))
    throw new NonRetryableError(`${file}: not a finsent fold export (format ${String(m?.format)})`);
  return m;
}

/** P(up) by `ticker|day` from a fold's predictions file, each a probability, made after the folds were written. */
function readPredictions(file: string, exportedAt: number): Map<string, number> {
  if (!existsSync(file)) throw new NonRetryableError(`missing predictions ${file}`);
  // A re-export overwrites the folds but not predictions made for the previous ones.
  if (statSync(file).mtimeMs < exportedAt)
    throw new NonRetryableError(`${file} is older than the folds beside it: predictions for an earlier export?`);
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const out = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    const p = Number(r.p);
    if (!r.ticker || !r.day || !(p >= 0 && p <= 1))
      throw new NonRetryableError(
        `${file} row ${i + 2}: expected ticker, day and p in [0, 1], got ${JSON.stringify(r)}`,
      );
    out.set(`${r.ticker}|${r.day}`, p);
  }
  return out;
}

/**
 * Scores predictions made outside finsent on folds `exportFolds` wrote to `dir`: each fold's plan must be the
 * one being evaluated (same samples, folds and embargo), and every test sample must have a prediction.
 */
export function predictionsFitter(dir: string): FoldFitter {
  const manifest = readManifest(dir);
  const exportedAt = statSync(path.join(dir, MANIFEST)).mtimeMs;
  return async (_history, test, plan) => {
    const exported = manifest.folds.find((f) => f.fold === plan.fold);
    const same = (f: FoldPlan) => [f.trainThrough, f.testFrom, f.testTo].join();
    if (!exported || same(exported) !== same(plan))
      throw new NonRetryableError(
        `${dir} was exported with other folds (fold ${plan.fold} there: ${exported ? same(exported) : 'none'}; ` +
          `here: ${same(plan)}); use the same --folds, --step and --embargo`,
      );
    const preds = readPredictions(path.join(dir, exported.predictions), exportedAt);
    const p = Float32Array.from(test, (s) => {
      const v = preds.get(`${s.ticker}|${s.day}`);
      if (v === undefined)
        throw new NonRetryableError(`${exported.predictions}: no prediction for ${s.ticker} ${s.day}`);
      return v;
    });
    return { p, fittedThrough: exported.fittedThrough };
  };
}
