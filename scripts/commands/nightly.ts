import type { Command } from 'commander';
import { Option } from 'commander';
import { Cron } from 'croner';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { documentCountsBySource, latestSignals, scoreCountsByLabel } from '../../db/queries.js';
import { listRuns } from '../../db/runs.js';
import { listSources } from '../../db/sources.js';
import { writeReport } from '../../serve/report.js';
import { createContext, globals, output, type AppContext } from '../context.js';
import { startFixtureServer } from '../fixture-server.js';
import { runNightly, type NightlyResult } from '../nightly.js';
import { SAMPLE_DB, SAMPLE_PORT, SAMPLE_STOCKNET, SAMPLE_TOKEN, sampleSources } from '../sample.js';

function printSummary(ctx: AppContext, r: NightlyResult): void {
  const db = ctx.store().db;
  console.log(`\nnightly run #${r.runId}: ${r.status}`);
  console.table(
    r.stages.map((s) => ({
      stage: s.name,
      status: s.status,
      seconds: +(s.ms / 1000).toFixed(2),
      ...(s.error ? { error: s.error.slice(0, 80) } : {}),
    })),
  );
  const errs = r.stages.find((s) => s.name === 'ingest')?.counts.sourceErrors as string[] | undefined;
  if (errs?.length) console.log(`sources with errors (the others landed):\n  ${errs.join('\n  ')}`);
  console.log('documents by source:');
  console.table(documentCountsBySource(db));
  console.log('scores by label:');
  console.table(scoreCountsByLabel(db));
  const sig = latestSignals(db);
  console.log(`latest signals${sig[0] ? ` for ${sig[0].day}` : ''}:`);
  console.table(
    sig.map((s) => ({
      ticker: s.ticker,
      p_up: +s.p_up.toFixed(4),
      direction: s.direction,
      confidence: +s.confidence.toFixed(3),
    })),
  );
  if (r.reportPath) console.log(`report: ${r.reportPath}`);
}

export function registerNightly(program: Command): void {
  program
    .command('nightly')
    .description(
      'ingest -> articles -> link -> score -> aggregate -> train (on cadence) -> signals -> report, recorded as a run',
    )
    .option(
      '--sample',
      'run over the bundled offline sample (fixture feeds served locally, StockNet subset) into .finsent/sample.db',
    )
    .option('--fresh', 'with --sample: start from an empty sample database')
    .addOption(
      new Option('--retrain <when>', 'retrain the fusion model').choices(['auto', 'always', 'never']).default('auto'),
    )
    .option('--report <file>', 'where to write the HTML report (default: report.html beside the database)')
    .option('--signal-date <day>', 'session to signal (default: the one after the latest price)')
    .action(async (o, cmd) => {
      const g = globals(cmd);
      // A fixed port: article links (and so their dedup keys) include it, and must be the same every run.
      const server = o.sample ? await startFixtureServer({ token: SAMPLE_TOKEN, port: SAMPLE_PORT }) : null;
      if (o.sample && o.fresh) {
        for (const f of ['', '-wal', '-shm']) rmSync(`${g.db ?? SAMPLE_DB}${f}`, { force: true });
        rmSync(path.join(path.dirname(g.db ?? SAMPLE_DB), 'fusion-model'), { recursive: true, force: true });
      }
      const ctx = createContext(
        g,
        o.sample ? { dbPath: g.db ?? SAMPLE_DB, sources: sampleSources(server!.url) } : {},
        o.sample ? { FINSENT_TWITTER_BEARER: SAMPLE_TOKEN } : {},
      );
      try {
        const r = await runNightly(ctx, {
          importStocknetDir: o.sample ? SAMPLE_STOCKNET : undefined,
          retrain: o.retrain,
          reportPath: o.report,
          quiet: g.json,
          signalDate: o.signalDate,
        });
        output(g, r, () => printSummary(ctx, r));
        if (r.status !== 'ok') process.exitCode = 1;
      } finally {
        ctx.close();
        await server?.close();
      }
    });

  program
    .command('daemon')
    .description('run the nightly job on the config’s cron schedule (schedule.cron in schedule.timezone) until stopped')
    .option('--run-now', 'also run once at start')
    .action(async (o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      const job = async () => {
        try {
          const r = await runNightly(ctx, { quiet: true });
          ctx.logger.info({ run: r.runId, status: r.status }, 'nightly run finished');
        } catch (err) {
          ctx.logger.error({ err: (err as Error).message }, 'nightly run did not start');
        }
      };
      // protect: a run still going when the next tick comes is not started twice in this process.
      const cron = new Cron(ctx.config.schedule.cron, { timezone: ctx.config.schedule.timezone, protect: true }, job);
      ctx.logger.info(
        { cron: ctx.config.schedule.cron, timezone: ctx.config.schedule.timezone, next: cron.nextRun()?.toISOString() },
        'daemon started',
      );
      if (o.runNow) await job();
      const stop = () => {
        cron.stop();
        ctx.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  program
    .command('report')
    .description('write a self-contained HTML report: signals, backtest, documents, price vs sentiment per ticker')
    .option('--out <file>', 'output file', 'report.html')
    .option('--days <n>', 'days of history per ticker', (v) => Number(v), 180)
    .action((o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const r = writeReport(ctx.store(), o.out, { costBps: ctx.config.fusion.costBps, lookbackDays: o.days });
        output(g, r, () => console.log(`report with ${r.charts} charts for ${r.tickers} tickers: ${r.file}`));
      } finally {
        ctx.close();
      }
    });

  program
    .command('sources')
    .description('every source with its fetch state: last success, last error, counts, ETag / cursor')
    .action((_o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const rows = listSources(ctx.store().db);
        output(g, rows, () =>
          console.table(
            rows.map((r) => ({
              id: r.id,
              type: r.type,
              'last success': r.last_success_at ?? '',
              'last error': (r.last_error ?? '').slice(0, 60),
              fetches: r.fetch_count,
              errors: r.error_count,
              items: r.item_count,
            })),
          ),
        );
      } finally {
        ctx.close();
      }
    });

  program
    .command('runs')
    .description('recent pipeline runs with per-stage status, counts and timings')
    .option('--limit <n>', 'how many', (v) => Number(v), 10)
    .action((o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const runs = listRuns(ctx.store(), o.limit);
        output(g, runs, () =>
          console.table(
            runs.map((r) => ({
              id: r.id,
              kind: r.kind,
              status: r.status,
              started: r.started_at,
              finished: r.finished_at,
              stages: r.stages.map((s) => `${s.name}:${s.status}`).join(' '),
              error: r.error?.slice(0, 60) ?? '',
            })),
          ),
        );
      } finally {
        ctx.close();
      }
    });
}

export function registerFixtureServer(program: Command): void {
  program
    .command('fixture-server')
    .description(
      'serve the committed fixture feeds, pages and API payloads on 127.0.0.1 (for fixtures/sample/finsent.fixtures.json)',
    )
    .option('--port <n>', 'port', (v) => Number(v), SAMPLE_PORT)
    .action(async (o) => {
      const server = await startFixtureServer({ token: SAMPLE_TOKEN, port: o.port });
      process.stderr.write(`fixture server on ${server.url} (X bearer token: ${SAMPLE_TOKEN}); Ctrl-C stops it\n`);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
