/**
 * Scoring throughput on FPB test sentences and StockNet tweets, in one run:
 *  - bare: an onnxruntime-node InferenceSession on pre-tokenised, length-sorted batches of 32 (the ceiling);
 *  - model: finsent's model wrapper (Transformers.js tokenizer + session) at batch sizes 1, 8, 32, 64;
 *  - path: the whole scoring path (read from SQLite, units, tokenise, infer, write scores) at the default batch (16),
 *    in this thread (one session on every core) and through the nightly's default pool of scoring threads (one
 *    model copy a core, one intra-op thread each: nlp/score-pool.ts);
 * for the shipped int8 model, the fp32 export when present, and any extra model folders given in
 * FINSENT_BENCH_MODELS (comma-separated, e.g. a FinBERT-shaped export). Prints rates, ratios and peak RSS.
 * Usage: npm run bench:score
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { PROJECT_ROOT } from '../core/config.js';
import { upsertDocuments } from '../db/documents.js';
import { openStore } from '../db/store.js';
import { loadSentimentModel } from '../nlp/model.js';
import { onnxFile } from '../nlp/model-id.js';
import { lengthSortedBatches } from '../nlp/batches.js';
import { normalizeSocial } from '../nlp/normalize.js';
import { scoreStore } from '../nlp/score-store.js';
import { workerPoolScorer } from '../nlp/score-pool.js';
import { loadDataset } from '../nlp/eval/datasets.js';
import { sessionFeed } from './session-feed.js';
import { DATA, machine, peakRss } from './util.js';

const fpb = loadDataset('fpb', path.join(DATA, 'financial-phrasebank')).items.map((i) => i.text);
const tweetDir = path.join(DATA, 'stocknet-acl18', 'tweet', 'preprocessed', 'AAPL');
const tweets: string[] = [];
for (const d of readdirSync(tweetDir).sort()) {
  for (const l of readFileSync(path.join(tweetDir, d), 'utf8').split('\n'))
    if (l) tweets.push(normalizeSocial(JSON.parse(l).text.join(' '), { pretokenised: true }));
  if (tweets.length >= 1000) break;
}
const sets = { 'fpb-test': fpb, 'stocknet-tweets': tweets.slice(0, 1000) };

const models: { name: string; dtype: 'q8' | 'fp32'; heavy?: boolean }[] = [
  { name: path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment'), dtype: 'q8' },
];
if (existsSync(onnxFile(models[0].name, 'fp32'))) models.push({ name: models[0].name, dtype: 'fp32' });
// Extra models as "<folder>@<dtype>"; they are measured on the first 320 FPB sentences at batch 1 and 32 only.
for (const extra of (process.env.FINSENT_BENCH_MODELS ?? '').split(',').filter(Boolean)) {
  const [name, dtype] = extra.split('@') as [string, 'q8' | 'fp32' | undefined];
  models.push({ name, dtype: dtype ?? 'q8', heavy: true });
}

const results: Record<string, unknown>[] = [];
for (const m of models) {
  const model = await loadSentimentModel({ name: m.name, dtype: m.dtype });
  for (const [setName, all] of Object.entries(sets)) {
    if (m.heavy && setName !== 'fpb-test') continue;
    const texts = m.heavy ? all.slice(0, 320) : all;
    const tokens = texts.reduce((a, t) => a + Number(model.encode([t]).input_ids.dims[1]), 0) / texts.length;
    // Bare session: tokenised up front, length-sorted batches of 32, only session.run timed.
    const session = await ort.InferenceSession.create(onnxFile(m.name, m.dtype));
    const batches = lengthSortedBatches(texts, 32, (t) => t.length).map((idx) =>
      sessionFeed(
        model,
        idx.map((i) => texts[i]),
      ),
    );
    for (const b of batches.slice(0, 2)) await session.run(b);
    const bare = await peakRss(async () => {
      const t0 = performance.now();
      for (const b of batches) await session.run(b);
      return texts.length / ((performance.now() - t0) / 1000);
    });
    await session.release();
    const row: Record<string, unknown> = {
      model: model.id,
      set: setName,
      texts: texts.length,
      meanTokens: +tokens.toFixed(1),
      bareBatch32PerSec: Math.round(bare.result),
      bareMiB: Math.round(bare.peakMiB),
    };
    for (const bs of m.heavy ? [1, 32] : [1, 8, 32, 64]) {
      const n = bs === 1 ? Math.min(texts.length, m.heavy ? 64 : 300) : texts.length;
      const sub = texts.slice(0, n);
      await model.infer(model.encode(sub.slice(0, bs)));
      const r = await peakRss(async () => {
        const t0 = performance.now();
        for (const idx of lengthSortedBatches(sub, bs, (t) => t.length))
          await model.infer(model.encode(idx.map((i) => sub[i])));
        return n / ((performance.now() - t0) / 1000);
      });
      row[`modelBatch${bs}PerSec`] = Math.round(r.result);
      row[`modelBatch${bs}MiB`] = Math.round(r.peakMiB);
    }
    // The whole path: documents in SQLite -> scoreStore -> scores in SQLite.
    const storeOfTexts = () => {
      const store = openStore(':memory:');
      upsertDocuments(
        store.db,
        texts.map((t, i) => ({
          source: 'bench',
          key: String(i),
          kind: setName === 'fpb-test' ? ('news' as const) : ('social' as const),
          body: t,
        })),
        't',
      );
      return store;
    };
    const store = storeOfTexts();
    const whole = await peakRss(() => scoreStore(store, model, { batchSize: 16 }));
    row.wholePathPerSec = Math.round(whole.result.units / whole.result.seconds);
    row.wholePathMiB = Math.round(whole.peakMiB);
    row.ratioWholePathToBare = +(whole.result.units / whole.result.seconds / bare.result).toFixed(3);
    store.close();
    // The same path through the pool of scoring threads; starting the pool (a model copy a thread) is not timed,
    // as the nightly starts it once for its whole backlog.
    const scorer = await workerPoolScorer({ name: m.name, dtype: m.dtype }, os.availableParallelism());
    const pooledStore = storeOfTexts();
    const pooled = await peakRss(() => scoreStore(pooledStore, model, { batchSize: 16, scorer }));
    await scorer.close();
    pooledStore.close();
    row.scoringThreads = scorer.concurrency;
    row.wholePathThreadsPerSec = Math.round(pooled.result.units / pooled.result.seconds);
    row.wholePathThreadsMiB = Math.round(pooled.peakMiB);
    results.push(row);
    console.error(JSON.stringify(row));
  }
  await model.dispose();
}
/**
 * The baseline the issue names: HF transformers' PyTorch text-classification pipeline on the same texts with the
 * student's shape (training/bench_pytorch_pipeline.py), where the training virtualenv exists.
 */
function pytorchPipeline(setName: string, texts: string[]): Record<string, unknown> | null {
  const python = path.join(PROJECT_ROOT, 'training', '.venv', 'bin', 'python');
  if (!existsSync(python)) return null;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-pt-')), 'texts.txt');
  writeFileSync(file, texts.map((t) => t.replace(/\n/g, ' ')).join('\n'));
  const script = path.join(PROJECT_ROOT, 'training', 'bench_pytorch_pipeline.py');
  const r = spawnSync(python, [script, '--texts', file, '--threads', String(os.cpus().length)], { encoding: 'utf8' });
  if (r.status !== 0) return { set: setName, error: r.stderr.trim().split('\n').slice(-1)[0] };
  return { set: setName, ...JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]) };
}
const pipelines = Object.entries(sets).map(([name, texts]) => pytorchPipeline(name, texts));
for (const row of results) {
  const pt = pipelines.find((p) => p?.set === row.set && typeof p?.perSec === 'number');
  if (pt && typeof row.wholePathPerSec === 'number')
    row.ratioWholePathToPytorchPipeline = +(row.wholePathPerSec / (pt.perSec as number)).toFixed(2);
  if (pt && typeof row.wholePathThreadsPerSec === 'number')
    row.ratioWholePathThreadsToPytorchPipeline = +(row.wholePathThreadsPerSec / (pt.perSec as number)).toFixed(2);
}
console.log(
  JSON.stringify(
    {
      bench: 'score',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      results,
      pytorchPipeline: pipelines,
    },
    null,
    2,
  ),
);
