import { Option } from 'commander';
import type { BenchmarkReport } from '../../fusion/benchmark.js';
import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { int } from '../parse.js';
import { type ModelOpts, modelOptions, modelOverrides } from './score.js';

interface EvalFusionOpts extends ModelOpts {
  dataDir: string;
  split: 'dev' | 'test';
  seeds: number;
  units: number;
  cutoff: 'open' | 'prev-close';
  guard: boolean;
}

function printBenchmark(rep: BenchmarkReport): void {
  const c = rep.counts;
  writeStdout(
    `StockNet ${rep.split}: train ${c.train}, dev ${c.dev}, evaluated ${c.evaluated.all} ` +
      `(official set ${c.evaluated.official}); ${rep.seeds.length} seeds${rep.note ? `\nnote: ${rep.note}` : ''}\n`,
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
  const g = rep.shuffledLabelGuard;
  if (g) {
    writeStdout(
      `leak guard (shuffled training labels): accuracy ${g.accuracy.mean.toFixed(4)}, MCC ${g.mcc.mean.toFixed(4)}\n`,
    );
  }
}

export const evalFusion = defineCommand<EvalFusionOpts>()({
  path: 'eval fusion',
  description:
    'the StockNet benchmark: import, score (cached), aggregate, train on train, select on dev, report a split',
  options: (cmd) =>
    modelOptions(cmd)
      .requiredOption('--data-dir <dir>', 'StockNet folder (StockTable, price/raw, tweet/preprocessed)')
      .addOption(new Option('--split <split>', 'split to report').choices(['dev', 'test']).default('dev'))
      .option('--seeds <n>', 'seeds per model', int({ min: 1, max: 100 }), 5)
      .option('--units <n>', 'LSTM units', int({ min: 1, max: 1024 }), 32)
      .addOption(
        new Option('--cutoff <mode>', 'open (default, as StockNet: everything before the session) or prev-close')
          .choices(['open', 'prev-close'])
          .default('open'),
      )
      .option('--no-guard', 'skip the shuffled-label leak guard'),
  overrides: modelOverrides,
  async run(ctx, { opts: o }) {
    const { importStocknet } = await import('../../ingest/importers/stocknet.js');
    const { aggregateDaily } = await import('../../fusion/aggregate.js');
    const { runStocknetBenchmark } = await import('../../fusion/benchmark.js');
    const { scoreWithConfiguredModel } = await import('../../pipeline/sentiment.js');
    const log = (m: string) => ctx.logger.info(m);
    const store = ctx.store();
    const imp = importStocknet(store, o.dataDir);
    log(`stocknet: ${imp.inserted} new documents, ${imp.alreadyPresent} already present, ${imp.prices} price rows`);
    const sc = await scoreWithConfiguredModel(store, ctx.config, ctx.progress);
    log(`scored ${sc.documents} new documents (${Math.round(sc.unitsPerSecond)} texts/s); the rest were cached`);
    const ag = aggregateDaily(store, { modelId: sc.model, cutoff: o.cutoff, from: '2014-01-01' });
    log(`aggregated ${ag.rows} ticker-days`);
    return runStocknetBenchmark(store, {
      sentimentModel: sc.model,
      split: o.split,
      seeds: o.seeds,
      cutoff: o.cutoff,
      units: o.units,
      guard: o.guard,
      log,
    });
  },
  print: printBenchmark,
});
