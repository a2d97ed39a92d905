import { NonRetryableError } from '../../core/errors.js';
import { Option } from 'commander';
import type { AppContext } from '../../pipeline/app-context.js';
import type { NightlyResult } from '../../pipeline/nightly.js';
import { defineCommand } from '../command.js';
import { printTable, rankedSignals, writeStdout } from '../output.js';
import { day, int, nonEmpty } from '../parse.js';

interface NightlyOpts {
  sample?: boolean;
  fresh?: boolean;
  retrain: 'auto' | 'always' | 'never';
  report?: string;
  signalDate?: string;
  distributed?: boolean;
}

async function printSummary(ctx: AppContext, r: NightlyResult): Promise<void> {
  const { documentCountsBySource, latestSignals, scoreCountsByLabel } = await import('../../db/queries.js');
  const db = ctx.store().db;
  writeStdout(`\nnightly run #${r.runId}: ${r.status}\n`);
  printTable(
    r.stages.map((s) => ({
      stage: s.name,
      status: s.status,
      seconds: +(s.ms / 1000).toFixed(2),
      error: s.error ?? '',
    })),
  );
  const ingestCounts = r.stages.find((s) => s.name === 'ingest')?.counts;
  const errs = ingestCounts?.sourceErrors as string[] | undefined;
  if (errs?.length) writeStdout(`sources with errors (the others landed):\n  ${errs.join('\n  ')}\n`);
  const warns = ingestCounts?.sourceWarnings as string[] | undefined;
  if (warns?.length) writeStdout(`parts of sources that failed (the rest landed):\n  ${warns.join('\n  ')}\n`);
  writeStdout('documents by source:\n');
  printTable(documentCountsBySource(db));
  writeStdout('scores by label:\n');
  printTable(scoreCountsByLabel(db));
  // The signals of the model this run used: a database keeps every earlier model's signals too.
  const model = r.stages.find((s) => s.name === 'train')?.counts.model;
  const sig = latestSignals(db, typeof model === 'string' ? { model } : {});
  writeStdout(`latest signals${sig[0] ? ` for ${sig[0].day}` : ''}, strongest up first:\n`);
  printTable(rankedSignals(sig), ['ticker', 'p_up', 'direction', 'confidence']);
  if (r.reportPath) writeStdout(`report: ${r.reportPath}\n`);
}

export const nightly = defineCommand<NightlyOpts>()({
  path: 'nightly',
  description: 'ingest, articles, link, score, aggregate, train (on cadence), signals, report: recorded as one run',
  options: (cmd) =>
    cmd
      .option('--sample', 'run over the bundled offline sample (served locally) into .finsent/sample.db')
      .option('--fresh', 'with --sample: start from an empty sample database')
      .addOption(
        new Option('--retrain <when>', 'retrain the fusion model').choices(['auto', 'always', 'never']).default('auto'),
      )
      .option('--report <file>', 'where to write the HTML report (default: report.html beside the database)', nonEmpty)
      .option('--signal-date <day>', 'session to signal (default: the one after the latest price)', day)
      .option(
        '--distributed',
        'enqueue the score stage for `finsent score --worker` processes and wait for them (in-process if none comes)',
      ),
  async setup({ opts, globals }) {
    if (!opts.sample) {
      if (opts.fresh) throw new NonRetryableError('--fresh only applies with --sample');
      return {};
    }
    const { startSample } = await import('../../sample/start.js');
    return startSample({ db: globals.db, fresh: !!opts.fresh });
  },
  async run(ctx, { opts }) {
    const { runNightly } = await import('../../pipeline/nightly.js');
    const { SAMPLE_STOCKNET } = await import('../../sample/sources.js');
    const r = await runNightly(ctx, {
      importStocknetDir: opts.sample ? SAMPLE_STOCKNET : undefined,
      retrain: opts.retrain,
      reportPath: opts.report,
      signalDate: opts.signalDate,
      distributed: opts.distributed,
    });
    return r;
  },
  print: (r, _input, ctx) => printSummary(ctx, r),
  exitCode: (r) => (r.status === 'ok' ? 0 : 1),
});

export const daemon = defineCommand<{ runNow?: boolean }>()({
  path: 'daemon',
  description: 'run the nightly job on the config’s cron schedule (schedule.cron in schedule.timezone) until stopped',
  options: (cmd) => cmd.option('--run-now', 'also run once at start'),
  async run(ctx, { opts }) {
    const { Cron } = await import('croner');
    const { runNightly } = await import('../../pipeline/nightly.js');
    const { cron: pattern, timezone } = ctx.config.schedule;
    const job = async () => {
      try {
        const r = await runNightly(ctx);
        ctx.logger.info({ run: r.runId, status: r.status }, 'nightly run finished');
      } catch (err) {
        ctx.logger.error({ err: (err as Error).message }, 'nightly run did not start');
      }
    };
    // protect: a run still going when the next tick comes is not started twice in this process.
    const cron = new Cron(pattern, { timezone, protect: true }, job);
    ctx.logger.info({ cron: pattern, timezone, next: cron.nextRun()?.toISOString() }, 'daemon started');
    if (opts.runNow) await job();
    await untilSignalled();
    cron.stop();
    return undefined;
  },
});

/** Resolves on SIGINT or SIGTERM, so long-running commands end through the normal cleanup path. */
export function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export const report = defineCommand<{ out: string; days: number }>()({
  path: 'report',
  description: 'write a self-contained HTML report: signals, backtest, documents, price vs sentiment per ticker',
  access: 'read',
  options: (cmd) =>
    cmd
      .option('--out <file>', 'output file', nonEmpty, 'report.html')
      .option('--days <n>', 'days of history per ticker', int({ min: 1, max: 36_500 }), 180),
  async run(ctx, { opts }) {
    const { writeReport } = await import('../../serve/report.js');
    return writeReport(ctx.store(), opts.out, { costBps: ctx.config.fusion.costBps, lookbackDays: opts.days });
  },
  print: (r) => writeStdout(`report with ${r.charts} charts for ${r.tickers} tickers: ${r.file}\n`),
});

export const sources = defineCommand()({
  path: 'sources',
  description: 'every source with its fetch state: last success, last error, counts, ETag / cursor',
  access: 'read',
  async run(ctx) {
    const { listSources, sourceHealth } = await import('../../db/sources.js');
    return listSources(ctx.store().db).map((s) => ({ ...s, health: sourceHealth(s) }));
  },
  print: (rows) =>
    printTable(
      rows.map((r) => ({
        id: r.id,
        type: r.type,
        health: r.health,
        'last success': r.last_success_at ?? '',
        'last error': r.last_error ?? '',
        fetches: r.fetch_count,
        errors: r.error_count,
        items: r.item_count,
      })),
    ),
});

export const runs = defineCommand<{ limit: number }>()({
  path: 'runs',
  description: 'recent pipeline runs with per-stage status, counts and timings',
  access: 'read',
  options: (cmd) => cmd.option('--limit <n>', 'how many', int({ min: 1, max: 10_000 }), 10),
  async run(ctx, { opts }) {
    const { listRuns } = await import('../../db/runs.js');
    const { hasQueue, queueProgress } = await import('../../db/score-jobs.js');
    const db = ctx.store().db;
    const queued = hasQueue(db);
    // A distributed run's score stage, across its workers: jobs, documents scored and who scored them.
    return listRuns(ctx.store(), opts.limit).map((r) => {
      if (!queued) return { ...r, queue: null };
      const queue = queueProgress(db, { runId: r.id });
      return { ...r, queue: queue.jobs ? queue : null };
    });
  },
  print: (rows) =>
    printTable(
      rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        started: r.started_at,
        finished: r.finished_at,
        stages: r.stages.map((s) => `${s.name}:${s.status}`).join(' '),
        queue: r.queue
          ? `${r.queue.done}/${r.queue.jobs} jobs, ${r.queue.scored}/${r.queue.documents} docs, ` +
            `${r.queue.workers.length} workers`
          : '',
        error: r.error ?? '',
      })),
    ),
});
