import type { Command } from 'commander';
import { Option } from 'commander';
import type { Config } from '../../core/config.js';
import { loadSentimentModel } from '../../nlp/model.js';
import { scoreStore } from '../../nlp/score-store.js';
import { DATASETS, loadDataset, type DatasetName } from '../../nlp/eval/datasets.js';
import { evaluate, type EvalReport } from '../../nlp/eval/run-eval.js';
import { createContext, globals, output } from '../context.js';
import { evaluateExtraction } from '../../ingest/eval-extraction.js';
import { progress } from '../progress.js';

/** Model flags shared by `score` and `eval sentiment`; they override the config's `model` block. */
export function modelOptions(cmd: Command): Command {
  return cmd
    .option('--model <nameOrPath>', 'HF-format folder or hub id (default: the shipped model)')
    .addOption(new Option('--dtype <dtype>', 'weights').choices(['fp32', 'q8']))
    .addOption(
      new Option(
        '--device <device>',
        'execution provider (cuda needs onnxruntime-node installed with --onnxruntime-node-install=cuda12)',
      ).choices(['cpu', 'cuda', 'webgpu']),
    )
    .option('--batch-size <n>', 'texts per inference batch', (v) => Number(v))
    .option('--max-tokens <n>', 'truncate each text to this many tokens (FinBERT: 64)', (v) => Number(v))
    .option('--threads <n>', 'onnxruntime intra-op threads (0: all cores)', (v) => Number(v))
    .option('--allow-remote', 'allow downloading a hub model (needs network)');
}

export function modelOverrides(o: Record<string, any>) {
  return {
    model: {
      name: o.model,
      dtype: o.dtype,
      device: o.device,
      batchSize: o.batchSize,
      maxTokens: o.maxTokens,
      threads: o.threads,
      allowRemote: o.allowRemote || undefined,
    },
  };
}

export const loadConfiguredModel = (c: Config) =>
  loadSentimentModel({
    name: c.model.name,
    dtype: c.model.dtype,
    device: c.model.device,
    threads: c.model.threads,
    maxTokens: c.model.maxTokens,
    allowRemote: c.model.allowRemote,
  });

function printEval(r: EvalReport): void {
  console.log(`${r.dataset}: ${r.n} items${r.note ? ` (${r.note})` : ''}`);
  console.table(
    r.rows.map((row) => ({
      system: row.system,
      n: row.n,
      ...(row.metrics
        ? {
            accuracy: +row.metrics.accuracy.toFixed(4),
            'macro-F1': +row.metrics.macroF1.toFixed(4),
            'weighted-F1': +row.metrics.weightedF1.toFixed(4),
          }
        : {}),
      ...(row.cosine !== undefined ? { cosine: +row.cosine.toFixed(4) } : {}),
    })),
  );
  const cm = r.rows[0]?.metrics?.confusion;
  if (cm) {
    console.log(`confusion (rows gold, columns predicted) for ${r.rows[0].system}:`);
    console.table(
      Object.fromEntries(
        cm.labels.map((l, i) => [l, Object.fromEntries(cm.labels.map((p, j) => [p, cm.matrix[i][j]]))]),
      ),
    );
  }
  if (r.predictionsFile) console.log(`no gold file in the folder: predictions written to ${r.predictionsFile}`);
}

export function registerScore(program: Command): void {
  modelOptions(program.command('score').description('score every document without a score for the active model'))
    .option('--limit <n>', 'score at most this many documents', (v) => Number(v))
    .action(async (o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g, modelOverrides(o));
      try {
        const model = await loadConfiguredModel(ctx.config);
        const bar = progress('scoring', g.json);
        const r = await scoreStore(ctx.store(), model, {
          batchSize: ctx.config.model.batchSize,
          limit: o.limit,
          onProgress: (d, t) => bar.update(d, t),
        });
        bar.stop();
        await model.dispose();
        output(g, r, () =>
          console.log(
            `scored ${r.documents} documents (${r.units} texts) with ${r.model} in ${r.seconds.toFixed(1)} s: ${Math.round(r.unitsPerSecond)} texts/s`,
          ),
        );
      } finally {
        ctx.close();
      }
    });

  const ev = program.command('eval').description('evaluate models on benchmark datasets');
  modelOptions(
    ev
      .command('sentiment')
      .description('accuracy, F1 and confusion matrix (or SemEval cosine) of the model and baselines on a benchmark'),
  )
    .addOption(new Option('--dataset <name>', 'benchmark').choices([...DATASETS]).makeOptionMandatory())
    .requiredOption('--data-dir <dir>', "the dataset's own folder, e.g. ../shared/data/financial-phrasebank")
    .option('--predictions <file>', 'where to write predictions when the folder has no gold file', 'predictions.jsonl')
    .option('--no-baselines', 'skip the majority and lexicon baselines')
    .action(async (o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g, modelOverrides(o));
      const model = await loadConfiguredModel(ctx.config);
      const report = await evaluate(loadDataset(o.dataset as DatasetName, o.dataDir), model, {
        batchSize: ctx.config.model.batchSize,
        predictionsOut: o.predictions,
        baselines: o.baselines,
      });
      await model.dispose();
      output(g, report, () => printEval(report));
    });

  ev.command('extraction')
    .description(
      'score article extraction on a folder of pages against its expected.json (title, authors, date, body start)',
    )
    .requiredOption('--data-dir <dir>', 'folder with the pages and expected.json')
    .option('--expected <file>', 'expected values (default: <data-dir>/expected.json)')
    .action((o, cmd) => {
      const g = globals(cmd);
      const r = evaluateExtraction(o.dataDir, o.expected);
      output(g, r, () => {
        console.table(r.pages);
        console.log('totals (null = not given, not scored):', r.totals);
      });
    });
}
