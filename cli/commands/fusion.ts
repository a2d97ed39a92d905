import { NonRetryableError } from '../../core/errors.js';
import { writeTextOutput } from '../../core/files.js';
import { Option } from 'commander';
import { latestPriceDay, tickersWithPrices, universeTickersWithPrices } from '../../db/prices.js';
import type { DB } from '../../db/store.js';
import { configuredSentimentModelId, fusionModelDir } from '../../pipeline/registry.js';
import { defineCommand } from '../command.js';
import { printTable, rankedSignals, writeStdout } from '../output.js';
import { day, int, nonEmpty, num } from '../parse.js';

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

interface TrainOpts {
  seed: number;
  units: number;
  ensemble?: number;
  before?: string;
  net?: import('../../fusion/net.js').NetKind;
}

export const train = defineCommand<TrainOpts>()({
  path: 'train',
  description: 'train the fusion model (price + sentiment) on labelled history and add it to the model registry',
  options: (cmd) =>
    cmd
      .addOption(
        new Option('--net <kind>', 'network (default: fusion.model, logistic)').choices([
          'logistic',
          'lstm',
          'alstm',
          'adv-alstm',
        ]),
      )
      .option('--seed <n>', 'random seed', int({ min: 0 }), 0)
      .option('--units <n>', 'LSTM units', int({ min: 1, max: 1024 }), 32)
      .option('--ensemble <n>', 'seeds averaged into one model (default: fusion.ensemble, 3)', int({ min: 1, max: 20 }))
      .option('--before <day>', 'train only on sessions before this day (for out-of-sample signals)', day),
  async run(ctx, { opts }) {
    const { configuredLiveSpec, configuredTraining, trainLive } = await import('../../fusion/train-live.js');
    const config = ctx.config;
    const root = fusionModelDir(config);
    const configured = configuredTraining(config);
    const training = {
      kind: opts.net ?? configured.kind,
      seed: opts.seed,
      seeds: opts.ensemble ?? configured.seeds,
      units: opts.units,
      to: opts.before,
    };
    const store = ctx.store();
    const spec = configuredLiveSpec(store, config, configuredSentimentModelId(config), (f, m) => ctx.logger.warn(f, m));
    const trained = await trainLive(store, root, spec, training);
    trained.model.dispose();
    return { ...trained.meta, dir: trained.dir };
  },
  print: (m) => {
    const t = m.training as { trainSamples: number; seconds: number; devAccuracy: number; devMcc: number };
    writeStdout(
      `trained ${m.id} on ${t.trainSamples} samples in ${t.seconds.toFixed(1)} s; ` +
        `dev accuracy ${t.devAccuracy.toFixed(4)}, MCC ${t.devMcc.toFixed(4)}; saved to ${m.dir}\n`,
    );
  },
});

interface SignalOpts {
  date?: string;
  from?: string;
  to?: string;
}

/**
 * Signals are written for the universe's tickers (the store's tickers table, loaded from config `universe`); prices
 * imported for other tickers alone gave "0 rows" and no reason.
 */
function assertUniverseHasPrices(db: DB): void {
  if (universeTickersWithPrices(db).length) return;
  const priced = tickersWithPrices(db);
  const shown = priced.slice(0, 10).join(', ') + (priced.length > 10 ? ', ...' : '');
  throw new NonRetryableError(
    `no ticker of the universe has prices (prices are stored for ${shown}): signals are written for the ` +
      "universe's tickers only; add them with `finsent import universe <file>`",
  );
}

export const signal = defineCommand<SignalOpts>()({
  path: 'signal',
  description: 'P(up) for every ticker for --date (default: the next session), or for every session --from..--to',
  options: (cmd) =>
    cmd
      .option('--date <day>', 'session to signal (YYYY-MM-DD)', day)
      .option('--from <day>', 'backfill from this session, with a model trained only on sessions before it', day)
      .option('--to <day>', 'last session of the backfill (default: the session after the last price)', day),
  async run(ctx, { opts }) {
    const { writeSignals } = await import('../../fusion/signals.js');
    const { checkSignalDay, nextTradingDay, tradingDaysBetween } = await import('../../fusion/calendar.js');
    const { currentFusionModel } = await import('../../fusion/registry.js');
    const { configuredLiveSpec, configuredTraining, trainLive } = await import('../../fusion/train-live.js');
    if (opts.date && (opts.from || opts.to)) throw new NonRetryableError('--date cannot be combined with --from/--to');
    if (opts.to && !opts.from) throw new NonRetryableError('--to needs --from');
    const config = ctx.config;
    const store = ctx.store();
    const last = latestPriceDay(store.db);
    if (!last) throw new NonRetryableError('no prices in the store: import or ingest daily prices first');
    assertUniverseHasPrices(store.db);
    const end = opts.to ?? nextTradingDay(last);
    if (opts.from && opts.from > end) throw new NonRetryableError(`--from ${opts.from} is after ${end}`);
    const targets = opts.from ? tradingDaysBetween(opts.from, end) : [opts.date ?? nextTradingDay(last)];
    for (const t of [targets[0], targets[targets.length - 1]]) if (t) checkSignalDay(t, last);
    const spec = configuredLiveSpec(store, config, configuredSentimentModelId(config), (f, m) => ctx.logger.warn(f, m));
    const training = configuredTraining(config);
    // A backfill must not use a model that saw any of its sessions: reuse one trained before --from, or train one.
    let fusionModel = await currentFusionModel(store, { expected: spec, kind: training.kind, before: opts.from });
    let trained = false;
    if (!fusionModel && opts.from) {
      fusionModel = await trainLive(store, fusionModelDir(config), spec, { ...training, seed: 0, to: opts.from });
      trained = true;
    }
    if (!fusionModel)
      throw new NonRetryableError('no fusion model for these features: run `finsent train` (or nightly) first');
    try {
      const r = await writeSignals(store, fusionModel, targets);
      return { from: targets[0], to: targets[targets.length - 1], model: fusionModel.meta.id, trained, ...r };
    } finally {
      fusionModel.model.dispose();
    }
  },
  json: (r) => ({ ...r, written: r.written.length > 500 ? `${r.written.length} rows` : r.written }),
  print: (r) => {
    const skipped = r.skipped.length ? `; skipped (not enough history): ${r.skipped.join(' ')}` : '';
    const span = r.from === r.to ? r.from : `${r.from} to ${r.to}`;
    const how = r.trained ? ', trained now on the sessions before' : '';
    writeStdout(`signals for ${span} (${r.model}${how}): ${r.written.length} rows${skipped}\n`);
    if (r.written.length <= 100)
      printTable(rankedSignals(r.written), ['ticker', 'day', 'p_up', 'direction', 'confidence']);
  },
});

export const models = defineCommand()({
  path: 'models',
  description: 'the fusion model registry: every trained model, newest first, with its training window and dev figures',
  access: 'read',
  async run(ctx) {
    const { registeredFusionModels } = await import('../../fusion/registry.js');
    return registeredFusionModels(ctx.store());
  },
  print: (rows) =>
    printTable(
      rows.map((m) => ({
        id: m.id,
        trained: m.createdAt,
        from: m.training.trainedFrom ?? '',
        through: m.training.trainedThrough ?? '',
        samples: m.training.trainSamples,
        'dev acc': m.training.devAccuracy,
        'dev MCC': m.training.devMcc,
      })),
      undefined,
      'no fusion models yet: `finsent train` trains one (`finsent nightly` does on its cadence)',
    ),
});

interface BacktestOpts {
  from: string;
  to: string;
  costBps?: number;
  model?: string;
  returns: 'open-close' | 'close-close';
  chart: string;
}

/**
 * Both the backtest and the evaluation read stored signals; with none in the range their figures would be zeros that
 * read like a result (a hit rate of 0), so both stop and say how to make some.
 */
function noSignals(range: { from: string; to: string; model?: string }): NonRetryableError {
  const which = range.model ? ` from model ${range.model}` : '';
  return new NonRetryableError(
    `no stored signals${which} between ${range.from} and ${range.to}: ` +
      `run \`finsent signal --from ${range.from} --to ${range.to}\` (or the nightly) first; ` +
      '`finsent models` lists models',
  );
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
      .option('--model <id>', 'signal model id (default: the latest)', nonEmpty)
      .addOption(returnsOption())
      .option('--chart <file>', 'SVG chart of cumulative returns', nonEmpty, 'backtest.svg'),
  async run(ctx, { opts }) {
    const { backtest } = await import('../../fusion/backtest.js');
    const { backtestChartSvg } = await import('../../fusion/backtest-chart.js');
    const costBps = opts.costBps ?? ctx.config.fusion.costBps;
    const r = backtest(ctx.store(), {
      from: opts.from,
      to: opts.to,
      model: opts.model,
      costBps,
      returns: opts.returns,
    });
    if (!r.signals) throw noSignals(opts);
    const title = `Cumulative return ${r.from} to ${r.to}, ${r.returns} (${r.costBps} bps per unit traded)`;
    writeTextOutput(opts.chart, backtestChartSvg(r, title), 'chart');
    return { ...r, chart: opts.chart };
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
      .option('--model <id>', 'signal model id (default: the latest in the range)', nonEmpty)
      .addOption(returnsOption())
      .option('--horizons <list>', 'forward horizons in sessions', horizons, [1, 2, 5])
      .option('--cost-bps <n>', 'cost per unit of weight traded, basis points', num({ min: 0, max: 10_000 })),
  async run(ctx, { opts }) {
    const { evaluateSignals } = await import('../../fusion/signal-eval.js');
    const costBps = opts.costBps ?? ctx.config.fusion.costBps;
    const r = evaluateSignals(ctx.store(), { ...opts, costBps });
    if (!r.signals) throw noSignals(opts);
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
