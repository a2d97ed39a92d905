import { type Command, Option } from 'commander';
import { NonRetryableError } from '../../core/errors.js';
import { DATASETS, type DatasetName } from '../../nlp/eval/dataset-names.js';
import type { EvalReport } from '../../nlp/eval/run-eval.js';
import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { int, nonEmpty } from '../parse.js';

export interface ModelOpts {
  model?: string;
  dtype?: 'fp32' | 'q8';
  device?: 'cpu' | 'cuda' | 'webgpu';
  batchSize?: number;
  maxTokens?: number;
  threads?: number;
  scoringThreads?: number;
  allowRemote?: boolean;
}

/** Model flags shared by `score`, `eval sentiment` and `eval fusion`; they override the config's `model` block. */
export function modelOptions(cmd: Command): Command {
  const cuda = 'execution provider (cuda needs onnxruntime-node installed with --onnxruntime-node-install=cuda12)';
  return cmd
    .option('--model <nameOrPath>', 'HF-format folder or hub id (default: the shipped model)', nonEmpty)
    .addOption(new Option('--dtype <dtype>', 'weights').choices(['fp32', 'q8']))
    .addOption(new Option('--device <device>', cuda).choices(['cpu', 'cuda', 'webgpu']))
    .option('--batch-size <n>', 'texts per inference batch', int({ min: 1, max: 1024 }))
    .option('--max-tokens <n>', 'truncate each text to this many tokens (FinBERT: 64)', int({ min: 8, max: 512 }))
    .option('--threads <n>', 'onnxruntime intra-op threads (0: all cores)', int({ min: 0, max: 1024 }))
    .option(
      '--scoring-threads <n>',
      'threads scoring batches side by side, a model copy each (0: one per core on the CPU; 1: this thread only)',
      int({ min: 0, max: 64 }),
    )
    .option('--allow-remote', 'allow downloading a hub model (needs network)');
}

export function modelOverrides(opts: ModelOpts) {
  const { model: name, dtype, device, batchSize, maxTokens, threads, scoringThreads } = opts;
  const allowRemote = opts.allowRemote || undefined;
  return { model: { name, dtype, device, batchSize, maxTokens, threads, scoringThreads, allowRemote } };
}

interface ScoreOpts extends ModelOpts {
  limit?: number;
  worker?: boolean;
  workerId?: string;
  idleExit?: number;
  enqueue?: boolean;
}

type ScoreResult =
  | ({ kind: 'scored' } & Awaited<ReturnType<typeof import('../../pipeline/sentiment.js').scoreWithConfiguredModel>>)
  | ({ kind: 'worker'; scoringThreads: number } & import('../../pipeline/score-worker.js').WorkerSummary)
  | { kind: 'enqueued'; model: string; jobs: number; documents: number };

export const score = defineCommand<ScoreOpts>()({
  path: 'score',
  description:
    'score every document without a score for the active model: here, or (--enqueue, --worker) through the ' +
    'scoring queue that any number of workers on any machines drain',
  options: (cmd) =>
    modelOptions(cmd)
      .option('--limit <n>', 'score (or enqueue) at most this many documents', int({ min: 1 }))
      .option('--enqueue', 'only add the backlog to the scoring queue, as jobs of queue.batchDocuments documents')
      .option('--worker', 'claim queued jobs for this model and score them until stopped (SIGTERM) or idle')
      .option('--worker-id <id>', 'this worker’s name in the queue (default: host:pid)', nonEmpty)
      .option('--idle-exit <seconds>', 'with --worker: stop after this long without a job', int({ min: 0 })),
  overrides: modelOverrides,
  async run(ctx, { opts }): Promise<ScoreResult> {
    const sentiment = await import('../../pipeline/sentiment.js');
    if (opts.enqueue && opts.worker) throw new NonRetryableError('--enqueue and --worker are separate processes');
    if (!opts.worker && (opts.workerId || opts.idleExit !== undefined))
      throw new NonRetryableError('--worker-id and --idle-exit only apply with --worker');
    if (opts.enqueue) {
      const { enqueueScoreJobs } = await import('../../db/score-jobs.js');
      const { configuredSentimentModelId } = await import('../../pipeline/registry.js');
      const model = configuredSentimentModelId(ctx.config);
      const batchDocuments = ctx.config.queue.batchDocuments;
      return {
        kind: 'enqueued',
        model,
        ...enqueueScoreJobs(ctx.store(), model, { batchDocuments, limit: opts.limit }),
      };
    }
    if (opts.worker) {
      if (opts.limit) throw new NonRetryableError('--limit does not apply with --worker (enqueue with --limit)');
      const { runScoreWorker } = await import('../../pipeline/score-worker.js');
      const { untilSignalled } = await import('./nightly.js');
      const store = ctx.store();
      const model = await sentiment.loadConfiguredModel(ctx.config);
      const stop = new AbortController();
      untilSignalled().then(() => stop.abort());
      // A worker may meet any backlog: its pool is sized by the config alone (`--threads 1` keeps it to one).
      const scorer = await sentiment.configuredScorer(ctx.config, Infinity).catch(async (e) => {
        await model.dispose();
        throw e;
      });
      try {
        const summary = await runScoreWorker(store, model, {
          ...sentiment.workerSettings(ctx.config),
          scorer,
          workerId: opts.workerId ?? sentiment.defaultWorkerId(),
          idleExitSeconds: opts.idleExit,
          signal: stop.signal,
          logger: ctx.logger,
          onJob: (job, n) => ctx.logger.info({ job: job.id, documents: n }, 'job done'),
        });
        return { kind: 'worker', ...summary, scoringThreads: scorer?.concurrency ?? 1 };
      } finally {
        await scorer?.close();
        await model.dispose();
      }
    }
    const r = await sentiment.scoreWithConfiguredModel(ctx.store(), ctx.config, ctx.progress, { limit: opts.limit });
    return { kind: 'scored', ...r };
  },
  print: (r) => {
    if (r.kind === 'enqueued')
      return writeStdout(`enqueued ${r.documents} documents as ${r.jobs} jobs for ${r.model}\n`);
    if (r.kind === 'worker')
      return writeStdout(
        `worker ${r.worker}: ${r.jobs} jobs, ${r.documents} documents (${r.units} texts) ` +
          `in ${r.seconds.toFixed(1)} s\n`,
      );
    writeStdout(
      `scored ${r.documents} documents (${r.units} texts) with ${r.model} in ${r.seconds.toFixed(1)} s: ` +
        `${Math.round(r.unitsPerSecond)} texts/s\n`,
    );
  },
});

function printEval(r: EvalReport): void {
  writeStdout(`${r.dataset}: ${r.n} items${r.note ? ` (${r.note})` : ''}\n`);
  printTable(
    r.rows.map((row) => ({
      system: row.system,
      n: row.n,
      ...(row.metrics
        ? { accuracy: row.metrics.accuracy, 'macro-F1': row.metrics.macroF1, 'weighted-F1': row.metrics.weightedF1 }
        : {}),
      ...(row.cosine !== undefined ? { cosine: row.cosine } : {}),
    })),
  );
  const cm = r.rows[0]?.metrics?.confusion;
  if (cm) {
    writeStdout(`confusion (rows gold, columns predicted) for ${r.rows[0].system}:\n`);
    const rows = cm.labels.map((l, i) => [l, Object.fromEntries(cm.labels.map((p, j) => [p, cm.matrix[i][j]]))]);
    console.table(Object.fromEntries(rows));
  }
  if (r.predictionsFile) writeStdout(`no gold file in the folder: predictions written to ${r.predictionsFile}\n`);
}

interface EvalSentimentOpts extends ModelOpts {
  dataset: DatasetName;
  dataDir: string;
  predictions: string;
  baselines: boolean;
}

export const evalSentiment = defineCommand<EvalSentimentOpts>()({
  path: 'eval sentiment',
  description: 'accuracy, F1 and confusion matrix (or SemEval cosine) of the model and baselines on a benchmark',
  access: 'none',
  options: (cmd) =>
    modelOptions(cmd)
      .addOption(new Option('--dataset <name>', 'benchmark').choices([...DATASETS]).makeOptionMandatory())
      .requiredOption(
        '--data-dir <dir>',
        "the dataset's own folder, e.g. ../shared/data/financial-phrasebank",
        nonEmpty,
      )
      .option(
        '--predictions <file>',
        'where to write predictions when the folder has no gold file',
        nonEmpty,
        'predictions.jsonl',
      )
      .option('--no-baselines', 'skip the majority and lexicon baselines'),
  overrides: modelOverrides,
  async run(ctx, { opts }) {
    const { loadDataset } = await import('../../nlp/eval/datasets.js');
    const { evaluate } = await import('../../nlp/eval/run-eval.js');
    const { loadConfiguredModel } = await import('../../pipeline/sentiment.js');
    const dataset = loadDataset(opts.dataset, opts.dataDir);
    const model = await loadConfiguredModel(ctx.config);
    try {
      const evaluation = {
        batchSize: ctx.config.model.batchSize,
        predictionsOut: opts.predictions,
        baselines: opts.baselines,
      };
      return await evaluate(dataset, model, evaluation);
    } finally {
      await model.dispose();
    }
  },
  print: printEval,
});

interface EvalExtractionOpts {
  dataDir: string;
  expected?: string;
  baseline: boolean;
  /** true: every change; a string: the comma-separated names of the changes to run. */
  stress?: boolean | string;
}

export const evalExtraction = defineCommand<EvalExtractionOpts>()({
  path: 'eval extraction',
  description:
    'score article extraction: a Readability-style corpus (pages/<name>/...) by token F1 against ' +
    '@mozilla/readability, ' +
    'or a folder with expected.json (title, authors, date, body start)',
  access: 'none',
  options: (cmd) =>
    cmd
      .requiredOption(
        '--data-dir <dir>',
        'a corpus folder (with pages/) or a folder with the pages and expected.json',
        nonEmpty,
      )
      .option('--expected <file>', 'expected values (default: <data-dir>/expected.json)', nonEmpty)
      .option('--no-baseline', 'skip the @mozilla/readability + jsdom baseline')
      .option(
        '--stress [changes]',
        'also score every page changed the same generic way, for each extractor: all changes, or the ' +
          'comma-separated names given (paragraphs as divs, spans, <br> lines or hard-wrapped divs, or in ' +
          'sections; text in spans; custom elements; captioned photos; minified; "Related:" lines; linked terms; ' +
          'a <form> or table-cell wrapper; the story column classed as a sidebar; meaningless class names; the ' +
          'story cut into parts, or its lead set apart by an ad slot, labelled or not; a consent banner, teaser ' +
          'grids, comment threads, a sign-up box, a subscription pitch, an inline slideshow; the names are in ' +
          'the --json output and docs/extraction.md; names joined by "+" apply each in turn, as one change)',
      ),
  async run(_ctx, { opts }) {
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    if (!existsSync(path.join(opts.dataDir, 'pages'))) {
      if (opts.stress)
        throw new NonRetryableError(`--stress needs a corpus folder with pages/; ${opts.dataDir} has none`);
      const { evaluateExtraction } = await import('../../ingest/eval-extraction.js');
      return { kind: 'expected' as const, ...evaluateExtraction(opts.dataDir, opts.expected) };
    }
    const { finsentExtractor, readCorpus, readabilityExtractor, scoreCorpus } = await import(
      '../../ingest/eval-corpus.js'
    );
    const pages = readCorpus(opts.dataDir);
    const reports = [await scoreCorpus('finsent', finsentExtractor, pages)];
    const baseline = opts.baseline ? await readabilityExtractor() : null;
    if (baseline) reports.push(await scoreCorpus('@mozilla/readability 0.6 + jsdom', baseline, pages));
    if (!opts.stress) return { kind: 'corpus' as const, reports };
    const { pageChanges, stressCorpus } = await import('../../ingest/eval-stress.js');
    const changes = pageChanges(opts.stress === true ? undefined : opts.stress);
    const extractors = [{ name: 'finsent', extract: finsentExtractor, unchanged: reports[0] }];
    if (baseline) extractors.push({ name: reports[1].extractor, extract: baseline, unchanged: reports[1] });
    return { kind: 'corpus' as const, reports, stress: await stressCorpus(pages, extractors, changes) };
  },
  print: (r) => {
    if (r.kind === 'expected') {
      console.table(r.pages);
      writeStdout(`totals (null = not given, not scored): ${JSON.stringify(r.totals)}\n`);
      return;
    }
    printTable(
      r.reports.map(({ perPage: _p, articlePages, ...rest }) => ({
        ...rest,
        'article pages F1': `${articlePages.f1.toFixed(4)} (${articlePages.pages})`,
      })),
    );
    const [ours, base] = r.reports;
    const worst = ours.perPage.filter((p) => p.f1 < 0.5).map((p) => `${p.page} (${p.f1.toFixed(2)})`);
    writeStdout(`finsent pages with F1 < 0.5: ${worst.join(', ') || 'none'}\n`);
    if (base) {
      const b = new Map(base.perPage.map((p) => [p.page, p.f1]));
      const wins = ours.perPage.filter((p) => p.f1 > (b.get(p.page) ?? 0) + 1e-9).length;
      const losses = ours.perPage.filter((p) => p.f1 < (b.get(p.page) ?? 0) - 1e-9).length;
      writeStdout(`against the baseline, page by page: ${wins} better, ${losses} worse\n`);
    }
    if (r.stress) {
      writeStdout('every page changed the same way (fell: pages whose F1 fell by more than 0.1):\n');
      printTable(r.stress.map(({ description: _d, ...rest }) => rest));
    }
  },
});
