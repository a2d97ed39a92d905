import { NonRetryableError } from '../../core/errors.js';
import { writeFileSync } from 'node:fs';
import { Option } from 'commander';
import { latestPriceDay } from '../../db/prices.js';
import { configuredSentimentModelId, fusionModelDir } from '../../pipeline/registry.js';
import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { day, int, num } from '../parse.js';

type Cutoff = 'prev-close' | 'open';

export const aggregate = defineCommand<{ from?: string; to?: string; cutoff: Cutoff }>()({
  path: 'aggregate',
  description: 'build per-ticker daily sentiment features, point in time (documents before each day’s cut-off)',
  options: (cmd) =>
    cmd
      .option('--from <day>', 'first trading day (YYYY-MM-DD)', day)
      .option('--to <day>', 'last trading day (YYYY-MM-DD)', day)
      .addOption(
        new Option('--cutoff <mode>', 'prev-close: 16:00 ET of the previous session; open: 09:30 ET of the day')
          .choices(['prev-close', 'open'])
          .default('prev-close'),
      ),
  async run(ctx, { opts }) {
    const { aggregateDaily } = await import('../../fusion/aggregate.js');
    return aggregateDaily(ctx.store(), {
      modelId: configuredSentimentModelId(ctx.config),
      from: opts.from,
      to: opts.to,
      cutoff: opts.cutoff,
      offsetMinutes: ctx.config.fusion.cutoffOffsetMinutes,
    });
  },
  print: (r) =>
    writeStdout(
      `daily sentiment: ${r.rows} rows (${r.tickers} tickers x ${r.days} trading days) ` +
        `from ${r.documents} scored document links\n`,
    ),
});

export const train = defineCommand<{ seed: number; units: number }>()({
  path: 'train',
  description: 'train the price + sentiment LSTM on all labelled history in the store and save it',
  options: (cmd) =>
    cmd
      .option('--seed <n>', 'random seed', int({ min: 0 }), 0)
      .option('--units <n>', 'LSTM units', int({ min: 1, max: 1024 }), 32),
  async run(ctx, { opts }) {
    const { liveSpec, trainLive } = await import('../../fusion/train-live.js');
    const c = ctx.config;
    const spec = liveSpec({
      sentimentModel: configuredSentimentModelId(c),
      window: c.fusion.window,
      cutoff: 'prev-close',
      offsetMinutes: c.fusion.cutoffOffsetMinutes,
    });
    const dir = fusionModelDir(c);
    const trained = await trainLive(ctx.store(), dir, spec, { seed: opts.seed, units: opts.units });
    trained.model.dispose();
    return { ...trained.meta, dir };
  },
  print: (m) => {
    const t = m.training as { trainSamples: number; seconds: number; devAccuracy: number; devMcc: number };
    writeStdout(
      `trained ${m.id} on ${t.trainSamples} samples in ${t.seconds.toFixed(1)} s; ` +
        `dev accuracy ${t.devAccuracy.toFixed(4)}, MCC ${t.devMcc.toFixed(4)}; saved to ${m.dir}\n`,
    );
  },
});

export const signal = defineCommand<{ date?: string }>()({
  path: 'signal',
  description: 'write P(up), direction and confidence for every ticker for session --date (default: the next session)',
  options: (cmd) => cmd.option('--date <day>', 'session to signal (YYYY-MM-DD)', day),
  async run(ctx, { opts }) {
    const { loadFusionModel } = await import('../../fusion/model-io.js');
    const { writeSignals } = await import('../../fusion/signals.js');
    const { checkSignalDay, nextTradingDay } = await import('../../fusion/calendar.js');
    const c = ctx.config;
    const store = ctx.store();
    const last = latestPriceDay(store.db);
    if (!last) throw new NonRetryableError('no prices in the store: import or ingest daily prices first');
    const target = opts.date ?? nextTradingDay(last);
    checkSignalDay(target, last);
    const expected = { sentimentModel: configuredSentimentModelId(c), window: c.fusion.window };
    const fm = await loadFusionModel(fusionModelDir(c), expected);
    try {
      const r = await writeSignals(store, fm, target);
      return { day: target, model: fm.meta.id, ...r };
    } finally {
      fm.model.dispose();
    }
  },
  print: (r) => {
    const skipped = r.skipped.length ? `; skipped (not enough history): ${r.skipped.join(' ')}` : '';
    writeStdout(`signals for ${r.day} (${r.model}): ${r.written.length} tickers${skipped}\n`);
    printTable(r.written, ['ticker', 'p_up', 'direction', 'confidence']);
  },
});

interface BacktestOpts {
  from: string;
  to: string;
  costBps?: number;
  model?: string;
  returns: 'open-close' | 'close-close';
  chart: string;
}

const returnsOption = () =>
  new Option('--returns <basis>', 'open-close: tradeable with a signal made overnight; close-close: textbook')
    .choices(['open-close', 'close-close'])
    .default('open-close');

export const backtest = defineCommand<BacktestOpts>()({
  path: 'backtest',
  description: 'stored signals as a trader could use them: dollar-neutral book after costs vs buy-and-hold, chart',
  options: (cmd) =>
    cmd
      .requiredOption('--from <day>', 'first session (YYYY-MM-DD)', day)
      .requiredOption('--to <day>', 'last session (YYYY-MM-DD)', day)
      .option('--cost-bps <n>', 'cost per position change in basis points', num({ min: 0, max: 10_000 }))
      .option('--model <id>', 'signal model id (default: the latest)')
      .addOption(returnsOption())
      .option('--chart <file>', 'SVG chart of cumulative returns', 'backtest.svg'),
  async run(ctx, { opts: o }) {
    if (o.from > o.to) throw new NonRetryableError(`--from ${o.from} is after --to ${o.to}`);
    const { backtest } = await import('../../fusion/backtest.js');
    const { backtestChartSvg } = await import('../../fusion/backtest-chart.js');
    const costBps = o.costBps ?? ctx.config.fusion.costBps;
    const r = backtest(ctx.store(), { from: o.from, to: o.to, model: o.model, costBps, returns: o.returns });
    const title = `Cumulative return ${r.from} to ${r.to}, ${r.returns} (${r.costBps} bps per unit traded)`;
    writeFileSync(o.chart, backtestChartSvg(r, title));
    return { ...r, chart: o.chart };
  },
  print: (r) => {
    writeStdout(`${r.signals} signals over ${r.days} sessions (${r.model}), ${r.returns} returns: `);
    writeStdout(`hit rate ${r.hitRate.toFixed(4)}, MCC ${r.mcc.toFixed(4)}\n`);
    printTable([
      { book: 'dollar-neutral long/short', ...r.strategy },
      { book: 'equal-weight buy and hold', ...r.buyAndHold },
    ]);
    writeStdout(`correlation of daily returns with buy and hold: ${r.correlationWithBuyAndHold.toFixed(3)}\n`);
    writeStdout(`chart: ${r.chart}\n`);
  },
});

interface EvalSignalsOpts {
  from: string;
  to: string;
  model?: string;
  returns: 'open-close' | 'close-close';
  horizons: number[];
  costBps?: number;
}

const horizons = (v: string): number[] => {
  const hs = v.split(',').map((x) => int({ min: 1, max: 60 })(x.trim()));
  return [...new Set(hs)].sort((a, b) => a - b);
};

export const evalSignals = defineCommand<EvalSignalsOpts>()({
  path: 'eval signals',
  description: 'rank IC (Newey-West t), quantile returns, hit rate, MCC, calibration and the book, over any range',
  access: 'read',
  options: (cmd) =>
    cmd
      .requiredOption('--from <day>', 'first session (YYYY-MM-DD)', day)
      .requiredOption('--to <day>', 'last session (YYYY-MM-DD)', day)
      .option('--model <id>', 'signal model id (default: the latest in the range)')
      .addOption(returnsOption())
      .option('--horizons <list>', 'forward horizons in sessions', horizons, [1, 2, 5])
      .option('--cost-bps <n>', 'cost per unit of weight traded, basis points', num({ min: 0, max: 10_000 })),
  async run(ctx, { opts: o }) {
    if (o.from > o.to) throw new NonRetryableError(`--from ${o.from} is after --to ${o.to}`);
    const { evaluateSignals } = await import('../../fusion/signal-eval.js');
    const costBps = o.costBps ?? ctx.config.fusion.costBps;
    const r = evaluateSignals(ctx.store(), { ...o, costBps });
    if (!r.signals) throw new NonRetryableError(`no stored signals between ${o.from} and ${o.to}`);
    return r;
  },
  json: (r) => ({ ...r, longShort: { ...r.longShort, daily: undefined }, buyAndHoldDaily: undefined }),
  print: (r) => {
    writeStdout(`${r.signals} signals over ${r.sessions} sessions (${r.model}), ${r.returns} returns\n`);
    printTable(
      r.horizons.map((h) => ({
        horizon: h.horizon,
        days: h.days,
        'mean IC': h.ic.mean,
        'IC std': h.ic.std,
        't (NW)': h.ic.t,
        'IC IR': h.ic.ir,
        'Q1..Qn mean return': h.quantiles.map((x) => x.toFixed(5)).join(' '),
        'top-bottom': h.spread,
      })),
    );
    writeStdout(`hit rate ${r.hitRate.toFixed(4)}, MCC ${r.mcc.toFixed(4)}, Brier ${r.brier.toFixed(4)}\n`);
    printTable(r.calibration);
    const { daily: _daily, ...book } = r.longShort;
    printTable([
      { book: 'dollar-neutral long/short', ...book },
      { book: 'equal-weight buy and hold', ...r.buyAndHold },
    ]);
  },
});
