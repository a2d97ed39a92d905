import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../core/config.js';
import type { Store } from '../../db/store.js';
import { aggregateDaily } from '../../fusion/aggregate.js';
import { backtest } from '../../fusion/backtest.js';
import { runStocknetBenchmark, type Split } from '../../fusion/benchmark.js';
import { nextTradingDay } from '../../fusion/calendar.js';
import { loadFusionModel } from '../../fusion/model-io.js';
import { writeSignals } from '../../fusion/signals.js';
import { lineChartSvg } from '../../fusion/svg-chart.js';
import { liveSpec, trainLive } from '../../fusion/train-live.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { scoreStore } from '../../nlp/score-store.js';
import { sentimentModelId as modelIdOf } from '../../nlp/model-id.js';
import { createContext, globals, output } from '../context.js';
import { progress } from '../progress.js';
import { loadConfiguredModel, modelOptions, modelOverrides } from './score.js';

/** The sentiment model id the fusion stage reads: the configured model's (see nlp/model-id.ts). */
export const sentimentModelId = (c: Config) => modelIdOf(c.model.name, c.model.dtype);
export const fusionDir = (c: Config) =>
  path.isAbsolute(c.fusion.modelDir)
    ? c.fusion.modelDir
    : path.join(path.dirname(path.resolve(c.dbPath === ':memory:' ? 'x' : c.dbPath)), c.fusion.modelDir);
export const latestPriceDay = (s: Store) =>
  (s.db.prepare('SELECT max(day) d FROM prices').get() as { d: string | null }).d;

export function registerFusion(program: Command): void {
  program
    .command('aggregate')
    .description('build per-ticker daily sentiment features, point in time (documents before each day’s cut-off)')
    .option('--from <day>')
    .option('--to <day>')
    .addOption(
      new Option('--cutoff <mode>', 'prev-close: 16:00 ET of the previous session; open: 09:30 ET of the day')
        .choices(['prev-close', 'open'])
        .default('prev-close'),
    )
    .action((o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const r = aggregateDaily(ctx.store(), {
          modelId: sentimentModelId(ctx.config),
          from: o.from,
          to: o.to,
          cutoff: o.cutoff,
          offsetMinutes: ctx.config.fusion.cutoffOffsetMinutes,
        });
        output(g, r, () =>
          console.log(
            `daily sentiment: ${r.rows} rows (${r.tickers} tickers x ${r.days} trading days) from ${r.documents} scored document links`,
          ),
        );
      } finally {
        ctx.close();
      }
    });

  program
    .command('train')
    .description('train the price + sentiment LSTM on all labelled history in the store and save it')
    .option('--seed <n>', 'random seed', (v) => Number(v), 0)
    .option('--units <n>', 'LSTM units', (v) => Number(v), 32)
    .action(async (o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const c = ctx.config;
        const spec = liveSpec({
          sentimentModel: sentimentModelId(c),
          window: c.fusion.window,
          cutoff: 'prev-close',
          offsetMinutes: c.fusion.cutoffOffsetMinutes,
        });
        const meta = await trainLive(ctx.store(), fusionDir(c), spec, { seed: o.seed, units: o.units });
        output(g, meta, () =>
          console.log(
            `trained ${meta.id} on ${meta.training.trainSamples} samples in ${(meta.training.seconds as number).toFixed(1)} s; dev accuracy ${(meta.training.devAccuracy as number).toFixed(4)}, MCC ${(meta.training.devMcc as number).toFixed(4)}; saved to ${fusionDir(c)}`,
          ),
        );
      } finally {
        ctx.close();
      }
    });

  program
    .command('signal')
    .description(
      'write P(up), direction and confidence for every ticker for session --date (default: the next session)',
    )
    .option('--date <day>', 'session to signal (YYYY-MM-DD)')
    .action(async (o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const c = ctx.config;
        const store = ctx.store();
        const day = o.date ?? nextTradingDay(latestPriceDay(store) ?? new Date().toISOString().slice(0, 10));
        const fm = await loadFusionModel(fusionDir(c), {
          sentimentModel: sentimentModelId(c),
          window: c.fusion.window,
        });
        const r = await writeSignals(store, fm, day);
        output(g, { day, model: fm.meta.id, ...r }, () => {
          console.log(
            `signals for ${day} (${fm.meta.id}): ${r.written.length} tickers${r.skipped.length ? `; skipped (not enough history): ${r.skipped.join(' ')}` : ''}`,
          );
          console.table(
            r.written.map((s) => ({
              ticker: s.ticker,
              p_up: +s.p_up.toFixed(4),
              direction: s.direction,
              confidence: +s.confidence.toFixed(3),
            })),
          );
        });
      } finally {
        ctx.close();
      }
    });

  program
    .command('backtest')
    .description(
      'evaluate stored signals against realised moves: hit rate, MCC, long/short returns vs buy-and-hold, chart',
    )
    .requiredOption('--from <day>')
    .requiredOption('--to <day>')
    .option('--cost-bps <n>', 'cost per position change in basis points', (v) => Number(v))
    .option('--model <id>', 'signal model id (default: the latest)')
    .option('--chart <file>', 'SVG chart of cumulative returns', 'backtest.svg')
    .action((o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const r = backtest(ctx.store(), {
          from: o.from,
          to: o.to,
          model: o.model,
          costBps: o.costBps ?? ctx.config.fusion.costBps,
        });
        writeFileSync(
          o.chart,
          lineChartSvg(
            `Cumulative return ${r.from} to ${r.to} (${r.costBps} bps per trade)`,
            [
              { name: 'long/short signals', points: r.daily.map((d) => [d.day, d.cumStrategy]) },
              { name: 'buy and hold', points: r.daily.map((d) => [d.day, d.cumBuyAndHold]) },
            ],
            { percent: true },
          ),
        );
        output(g, { ...r, chart: o.chart }, () => {
          console.log(
            `${r.signals} signals over ${r.days} days (${r.model}): hit rate ${r.hitRate.toFixed(4)}, MCC ${r.mcc.toFixed(4)}`,
          );
          console.table({ 'long/short': r.strategy, 'buy and hold': r.buyAndHold });
          console.log(`chart: ${o.chart}`);
        });
      } finally {
        ctx.close();
      }
    });

  const ev = program.commands.find((c) => c.name() === 'eval')!;
  modelOptions(
    ev
      .command('fusion')
      .description(
        'the StockNet benchmark: import, score (cached), aggregate, train on train, select on dev, report a split',
      ),
  )
    .requiredOption('--data-dir <dir>', 'StockNet folder (StockTable, price/raw, tweet/preprocessed)')
    .addOption(new Option('--split <split>', 'split to report').choices(['dev', 'test']).default('dev'))
    .option('--seeds <n>', 'seeds per model', (v) => Number(v), 5)
    .option('--units <n>', 'LSTM units', (v) => Number(v), 32)
    .addOption(
      new Option('--cutoff <mode>', 'open (default, as StockNet: everything before the session) or prev-close')
        .choices(['open', 'prev-close'])
        .default('open'),
    )
    .option('--no-guard', 'skip the shuffled-label leak guard')
    .action(async (o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g, modelOverrides(o));
      const log = (m: string) => ctx.logger.info(m);
      try {
        const store = ctx.store();
        const imp = importStocknet(store, o.dataDir);
        log(`stocknet: ${imp.inserted} new documents, ${imp.alreadyPresent} already present, ${imp.prices} price rows`);
        const model = await loadConfiguredModel(ctx.config);
        const bar = progress('scoring', g.json);
        const sc = await scoreStore(store, model, {
          batchSize: ctx.config.model.batchSize,
          onProgress: (d, t) => bar.update(d, t),
        });
        bar.stop();
        await model.dispose();
        log(`scored ${sc.documents} new documents (${Math.round(sc.unitsPerSecond)} texts/s); the rest were cached`);
        const ag = aggregateDaily(store, { modelId: model.id, cutoff: o.cutoff, from: '2014-01-01' });
        log(`aggregated ${ag.rows} ticker-days`);
        const rep = await runStocknetBenchmark(store, {
          sentimentModel: model.id,
          split: o.split as Split,
          seeds: o.seeds,
          cutoff: o.cutoff,
          units: o.units,
          guard: o.guard,
          log,
        });
        output(g, rep, () => {
          console.log(
            `StockNet ${rep.split}: train ${rep.counts.train}, dev ${rep.counts.dev}, evaluated ${rep.counts.evaluated.all} (official set ${rep.counts.evaluated.official}); ${rep.seeds.length} seeds${rep.note ? `\nnote: ${rep.note}` : ''}`,
          );
          for (const set of ['all', 'official'] as const) {
            console.log(`${set === 'all' ? 'every labelled target' : 'official set (a tweet on every window day)'}:`);
            console.table(
              rep.results[set].map((r) => ({
                model: r.variant,
                n: r.n,
                'acc mean': +r.accuracy.mean.toFixed(4),
                'acc sd': +r.accuracy.std.toFixed(4),
                'acc 95% CI': r.accuracy.ci95.map((x) => x.toFixed(3)).join('–'),
                'MCC mean': +r.mcc.mean.toFixed(4),
                'MCC sd': +r.mcc.std.toFixed(4),
                'MCC 95% CI': r.mcc.ci95.map((x) => x.toFixed(3)).join('–'),
              })),
            );
          }
          if (rep.shuffledLabelGuard)
            console.log(
              `leak guard (shuffled training labels): accuracy ${rep.shuffledLabelGuard.accuracy.mean.toFixed(4)}, MCC ${rep.shuffledLabelGuard.mcc.mean.toFixed(4)}`,
            );
        });
      } finally {
        ctx.close();
      }
    });
}
