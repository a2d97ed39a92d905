import { InvalidArgumentError, Option } from 'commander';
import type { BenchmarkReport } from '../../fusion/benchmark.js';
import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { int, nonEmpty } from '../parse.js';
import { NonRetryableError } from '../../core/errors.js';
import { assertPath } from '../../core/files.js';
import { type ModelOpts, modelOptions, modelOverrides } from './score.js';

interface EvalFusionOpts extends ModelOpts {
  dataDir: string;
  split: 'dev' | 'test';
  seeds: number;
  units: number;
  cutoff: 'open' | 'prev-close';
  guard: boolean;
  walkForward?: boolean;
  folds: number;
  step?: number;
  ensemble: number;
  embargo: number;
  features: 'default' | 'adv-alstm';
  sentimentFeatures: 'daily' | 'decay';
  nets: import('../../fusion/net.js').NetKind[];
  normalise: import('../../fusion/features.js').Normalisation;
  exportFolds?: string;
  predictions?: string;
  embeddingPcs?: number;
  embeddingModel?: string;
}

const NETS = ['logistic', 'lstm', 'alstm', 'adv-alstm'] as const;

/** A comma-separated list of network kinds; anything else is refused with the allowed names. */
function netList(value: string): EvalFusionOpts['nets'] {
  const kinds = value.split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !(NETS as readonly string[]).includes(k));
  if (!kinds.length || bad.length)
    throw new InvalidArgumentError(`unknown network ${bad.join(', ') || '(none)'}; use ${NETS.join(', ')}`);
  return [...new Set(kinds)] as EvalFusionOpts['nets'];
}

function printBenchmark(rep: BenchmarkReport): void {
  const counts = rep.counts;
  const note = rep.note ? `\nnote: ${rep.note}` : '';
  writeStdout(
    `StockNet ${rep.split}: train ${counts.train}, dev ${counts.dev}, evaluated ${counts.evaluated.all} ` +
      `(official set ${counts.evaluated.official}); ${rep.seeds.length} seeds${note}\n`,
  );
  for (const set of ['all', 'official'] as const) {
    writeStdout(`${set === 'all' ? 'every labelled target' : 'official set (a tweet on every window day)'}:\n`);
    const ci = (v: [number, number]) => v.map((x) => x.toFixed(3)).join('–');
    printTable(
      rep.results[set].map((r) => ({
        model: r.variant,
        n: r.n,
        'acc mean': r.accuracy.mean,
        'acc sd': r.accuracy.std,
        'acc 95% CI': ci(r.accuracy.ci95),
        'MCC mean': r.mcc.mean,
        'MCC sd': r.mcc.std,
        'MCC 95% CI': ci(r.mcc.ci95),
      })),
    );
  }
  const leakGuard = rep.shuffledLabelGuard;
  if (leakGuard) {
    writeStdout(
      `leak guard (shuffled training labels): accuracy ${leakGuard.accuracy.mean.toFixed(4)}, ` +
        `MCC ${leakGuard.mcc.mean.toFixed(4)}\n`,
    );
  }
}

export const evalFusion = defineCommand<EvalFusionOpts>()({
  path: 'eval fusion',
  description:
    'the StockNet benchmark: import, score (cached), aggregate, train on train, select on dev, report a split',
  options: (cmd) =>
    modelOptions(cmd)
      .requiredOption('--data-dir <dir>', 'StockNet folder (StockTable, price/raw, tweet/preprocessed)', nonEmpty)
      .addOption(new Option('--split <split>', 'split to report').choices(['dev', 'test']).default('dev'))
      .option('--seeds <n>', 'seeds per model', int({ min: 1, max: 100 }), 5)
      .option('--units <n>', 'LSTM units', int({ min: 1, max: 1024 }), 32)
      .addOption(
        new Option('--cutoff <mode>', 'open (default, as StockNet: everything before the session) or prev-close')
          .choices(['open', 'prev-close'])
          .default('open'),
      )
      .option('--no-guard', 'skip the shuffled-label leak guard')
      .option('--walk-forward', 'expanding-window walk-forward over the sessions before the test period instead')
      .option('--folds <n>', 'walk-forward folds', int({ min: 2, max: 100 }), 10)
      .option('--step <n>', 'walk-forward: retrain every n sessions instead of --folds blocks', int({ min: 1 }))
      .option('--ensemble <n>', 'walk-forward: average P(up) over n seeds per fold', int({ min: 1, max: 20 }), 1)
      .option(
        '--nets <kinds>',
        'walk-forward: networks to evaluate, comma-separated, of logistic, lstm, alstm, adv-alstm',
        netList,
        ['logistic', 'lstm'],
      )
      .addOption(
        new Option(
          '--export-folds <dir>',
          'walk-forward: write each fold (normalised features, the fit split, the test block) for a model fitted ' +
            'outside finsent, instead of fitting',
        )
          .argParser(nonEmpty)
          .implies({ walkForward: true })
          .conflicts('predictions'),
      )
      .addOption(
        new Option(
          '--predictions <dir>',
          'walk-forward: score fold-NN.pred.csv files (ticker,day,p) for folds exported to dir, instead of fitting',
        )
          .argParser(nonEmpty)
          .implies({ walkForward: true }),
      )
      .addOption(
        new Option(
          '--embedding-pcs <k>',
          'walk-forward: add k principal components of the daily mean text embedding (PCA fitted per fold)',
        )
          .argParser(int({ min: 1, max: 64 }))
          .implies({ walkForward: true })
          .conflicts(['exportFolds', 'predictions']),
      )
      .option(
        '--embedding-model <dir>',
        'with --embedding-pcs: the model folder whose ONNX has a "pooled" output (default: the scoring model)',
        nonEmpty,
      )
      .option('--embargo <n>', 'sessions left out between each fold’s training and test data', int({ min: 0 }), 5)
      .addOption(
        new Option('--features <set>', 'walk-forward price features: default, or Adv-ALSTM technical features')
          .choices(['default', 'adv-alstm'])
          .default('default'),
      )
      .addOption(
        new Option(
          '--sentiment-features <set>',
          'walk-forward sentiment features: the daily ones, or those plus decayed ones (half-lives 5 and 20 sessions)',
        )
          .choices(['daily', 'decay'])
          .default('daily'),
      )
      .addOption(
        new Option(
          '--normalise <by>',
          'walk-forward: z-score features over all training samples, per ticker, or across each session first',
        )
          .choices(['pooled', 'ticker', 'cross-section'])
          .default('pooled'),
      ),
  overrides: modelOverrides,
  async run(ctx, { opts }) {
    const { importStocknet } = await import('../../ingest/importers/stocknet.js');
    const { aggregateDaily } = await import('../../fusion/aggregate.js');
    const { runStocknetBenchmark } = await import('../../fusion/benchmark.js');
    const { scoreWithConfiguredModel } = await import('../../pipeline/sentiment.js');
    const { predictionsFitter, prepareExportDir } = await import('../../fusion/fold-export.js');
    // Checked before the import and the scoring, which take minutes on a fresh database.
    if (opts.exportFolds) prepareExportDir(opts.exportFolds);
    if (opts.embeddingModel) assertPath(opts.embeddingModel, 'folder');
    // A model without a pooled output would fail only after the scoring; one encoded text finds out now.
    const embedder = opts.embeddingPcs ? await checkedEmbedder(ctx.config, opts) : undefined;
    const fitter = opts.predictions ? predictionsFitter(opts.predictions) : undefined;
    const log = (m: string) => ctx.logger.info(m);
    const store = ctx.store();
    const imp = importStocknet(store, opts.dataDir);
    log(`stocknet: ${imp.inserted} new documents, ${imp.alreadyPresent} already present, ${imp.prices} price rows`);
    const scoring = await scoreWithConfiguredModel(store, ctx.config, ctx.progress);
    log(
      `scored ${scoring.documents} new documents (${Math.round(scoring.unitsPerSecond)} texts/s); the rest were cached`,
    );
    const ag = aggregateDaily(store, { modelId: scoring.model, cutoff: opts.cutoff, from: '2014-01-01' });
    log(`aggregated ${ag.rows} ticker-days`);
    if (opts.walkForward && opts.exportFolds) return { exported: await exportReport(store, scoring.model, opts) };
    if (opts.walkForward)
      return { walkForward: await walkForwardReport(store, scoring.model, opts, log, { fitter, embedder }) };
    return runStocknetBenchmark(store, {
      sentimentModel: scoring.model,
      split: opts.split,
      seeds: opts.seeds,
      cutoff: opts.cutoff,
      units: opts.units,
      guard: opts.guard,
      nightly: {
        kind: ctx.config.fusion.model,
        sentiment: (await import('../../fusion/features.js')).sentimentFeatures(ctx.config.fusion.sentimentFeatures),
        normalise: ctx.config.fusion.normalise,
      },
      log,
    });
  },
  print: (r) => {
    if ('exported' in r && r.exported) return printExport(r.exported);
    return 'walkForward' in r ? printWalkForward(r.walkForward) : printBenchmark(r);
  },
});

/** The samples every walk-forward command reads: StockNet's train and dev sessions, never its test period. */
async function walkForwardSamples(
  store: import('../../db/store.js').Store,
  sentimentModel: string,
  opts: EvalFusionOpts,
) {
  const { ADV_ALSTM_FEATURES, buildSamples, PRICE_FEATURES, sentimentFeatures } = await import(
    '../../fusion/features.js'
  );
  const { STOCKNET_SPLITS } = await import('../../fusion/benchmark.js');
  const spec = {
    version: 1 as const,
    window: 5,
    price: opts.features === 'adv-alstm' ? ADV_ALSTM_FEATURES : PRICE_FEATURES,
    sentiment: sentimentFeatures(opts.sentimentFeatures),
    sentimentModel,
    cutoff: opts.cutoff,
    offsetMinutes: 0,
    ...(opts.normalise !== 'pooled' ? { normalise: opts.normalise } : {}),
  };
  const samples = buildSamples(store, spec, { from: STOCKNET_SPLITS.train[0], to: STOCKNET_SPLITS.test[0] });
  const plan = { folds: opts.folds, step: opts.step, embargo: opts.embargo };
  return { spec, samples, plan };
}

/** Walk-forward for the chosen networks, or for predictions made outside finsent on exported folds. */
async function walkForwardReport(
  store: import('../../db/store.js').Store,
  sentimentModel: string,
  opts: EvalFusionOpts,
  log: (m: string) => void,
  using: {
    /** Scores predictions made outside finsent (`--predictions`) instead of fitting the networks. */
    fitter?: import('../../fusion/walk-forward.js').FoldFitter;
    /** The model whose pooled output `--embedding-pcs` reads. */
    embedder?: import('../../nlp/model.js').SentimentModel;
  },
) {
  const { fitter } = using;
  const { walkForward } = await import('../../fusion/walk-forward.js');
  const { variantOf } = await import('../../fusion/dataset.js');
  const { spec, samples, plan } = await walkForwardSamples(store, sentimentModel, opts);
  if (fitter)
    return [await walkForward(samples, spec, { ...plan, fitter, name: `predictions in ${opts.predictions}`, log })];
  const daily = using.embedder ? await embeddingsFor(store, using.embedder, opts, log) : undefined;
  const out = [];
  for (const variant of opts.nets.map(variantOf)) {
    const fit = { seeds: opts.ensemble, variant, units: opts.units };
    if (!daily || !opts.embeddingPcs) {
      out.push(await walkForward(samples, spec, { ...plan, ...fit, log }));
      continue;
    }
    const { embeddingFitter } = await import('../../fusion/embedding-features.js');
    const k = opts.embeddingPcs;
    const embedded = embeddingFitter(store, samples, spec, daily, { ...fit, k });
    const name = `${variant} + ${k} embedding components`;
    out.push(await walkForward(samples, spec, { ...plan, ...fit, fitter: embedded, name, log }));
  }
  return out;
}

/**
 * The model `--embedding-pcs` reads (a copy of the scoring model with a pooled output, or the configured one),
 * once it has embedded a text. @throws NonRetryableError when it has no pooled output
 */
async function checkedEmbedder(config: import('../../core/config.js').Config, opts: EvalFusionOpts) {
  const { loadConfiguredModel } = await import('../../pipeline/sentiment.js');
  const { loadSentimentModel } = await import('../../nlp/model.js');
  const m = config.model;
  const model = opts.embeddingModel
    ? await loadSentimentModel({
        name: opts.embeddingModel,
        dtype: m.dtype,
        threads: m.threads,
        maxTokens: m.maxTokens,
      })
    : await loadConfiguredModel(config);
  try {
    if (!model.embed) throw new NonRetryableError(`model ${model.id} gives no text embeddings`);
    await model.embed(model.encode(['a check that the model has a pooled output']));
    return model;
  } catch (e) {
    await model.dispose();
    throw e;
  }
}

/** The daily mean text embeddings over the walk-forward's sessions, from a model with a pooled output. */
async function embeddingsFor(
  store: import('../../db/store.js').Store,
  model: import('../../nlp/model.js').SentimentModel,
  opts: EvalFusionOpts,
  log: (m: string) => void,
) {
  const { dailyEmbeddings } = await import('../../fusion/embedding-features.js');
  const { STOCKNET_SPLITS } = await import('../../fusion/benchmark.js');
  try {
    const t0 = performance.now();
    const daily = await dailyEmbeddings(store, model, {
      from: STOCKNET_SPLITS.train[0],
      to: STOCKNET_SPLITS.test[0],
      cutoff: opts.cutoff,
      onProgress: (done, total) => log(`embedded ${done} of ${total} documents`),
    });
    log(`daily embeddings: ${daily.size} ticker-sessions in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return daily;
  } finally {
    await model.dispose();
  }
}

async function exportReport(store: import('../../db/store.js').Store, sentimentModel: string, opts: EvalFusionOpts) {
  const { exportFolds } = await import('../../fusion/fold-export.js');
  const { spec, samples, plan } = await walkForwardSamples(store, sentimentModel, opts);
  const dir = opts.exportFolds ?? '';
  const m = exportFolds(samples, spec, { ...plan, variant: 'logistic' }, dir);
  return { dir, folds: m.folds.length, features: m.features.length, samples: samples.length };
}

function printExport(r: Awaited<ReturnType<typeof exportReport>>): void {
  writeStdout(
    `wrote ${r.folds} folds (${r.features} features) to ${r.dir}; fit a model on each fold-NN.fit.csv, write ` +
      `fold-NN.pred.csv (ticker,day,p) for fold-NN.test.csv, then score them with --predictions ${r.dir}\n`,
  );
}

function printWalkForward(reports: Awaited<ReturnType<typeof walkForwardReport>>): void {
  for (const r of reports) {
    const p = r.pooled;
    const ensemble = r.seeds > 1 ? `, ${r.seeds}-seed ensemble` : '';
    writeStdout(
      `${r.variant}${ensemble}, ${r.folds.length} folds, embargo ${r.embargo} sessions: ` +
        `pooled out of sample n ${p.n}, ` +
        `accuracy ${p.accuracy.toFixed(4)}, MCC ${p.mcc.toFixed(4)}, mean daily rank IC ${p.ic.mean.toFixed(4)} ` +
        `(Newey-West t ${p.ic.t.toFixed(2)})\n`,
    );
    printTable(r.folds, [
      'fold',
      'trainThrough',
      'testFrom',
      'testTo',
      'trainSamples',
      'testSamples',
      'accuracy',
      'mcc',
      'meanIc',
    ]);
  }
}
