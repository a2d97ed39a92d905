/**
 * Why scoring runs in worker threads (docs/benchmarks.md, "scoring threads"): the bare int8 session on FPB test
 * sentences, pre-tokenised into length-sorted batches, in alternating rounds of
 *  - onnxruntime's default (two intra-op threads, the pool thread pinned), two threads set explicitly (no pinning),
 *    two threads without spinning, one thread;
 *  - two one-thread sessions with a batch in flight each (onnxruntime-node's run() does not overlap them);
 *  - the scoring-thread pool (nlp/score-pool.ts) on the same texts, tokenising in its threads;
 * and the memory a pool of one thread per core adds to the process. Usage: npm run bench:score-threads [-- rounds]
 */
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { PROJECT_ROOT } from '../core/config.js';
import { lengthSortedBatches } from '../nlp/batches.js';
import { loadDataset } from '../nlp/eval/datasets.js';
import { loadSentimentModel } from '../nlp/model.js';
import { onnxFile } from '../nlp/model-id.js';
import { workerPoolScorer } from '../nlp/score-pool.js';
import { sessionFeed } from './session-feed.js';
import { DATA, machine } from './util.js';

const rounds = Number(process.argv[2] ?? 4);
const texts = loadDataset('fpb', path.join(DATA, 'financial-phrasebank')).items.map((i) => i.text);
const name = path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment');
const file = onnxFile(name, 'q8');
const model = await loadSentimentModel({ name, dtype: 'q8' });
const order = lengthSortedBatches(texts, 16, (t) => t.length);
const feeds = order.map((idx) =>
  sessionFeed(
    model,
    idx.map((i) => texts[i]),
  ),
);

/** Runs the batches with `lanes.length` in flight, each lane on its own function. */
async function inFlight(lanes: ((f: (typeof feeds)[number]) => Promise<unknown>)[]) {
  let next = 0;
  await Promise.all(
    lanes.map(async (run) => {
      while (next < feeds.length) await run(feeds[next++]);
    }),
  );
}
const spin = { session: { intra_op: { allow_spinning: '0' } } };
const sessions: Record<string, ort.InferenceSession.SessionOptions[]> = {
  'default (2 threads, pinned)': [{}],
  '2 threads': [{ intraOpNumThreads: 2, interOpNumThreads: 1 }],
  '2 threads, no spinning': [{ intraOpNumThreads: 2, interOpNumThreads: 1, extra: spin }],
  '1 thread': [{ intraOpNumThreads: 1, interOpNumThreads: 1 }],
  '2 one-thread sessions side by side': [1, 2].map(() => ({ intraOpNumThreads: 1, interOpNumThreads: 1 })),
};
const rates: Record<string, number[]> = {};
const rssBefore = process.memoryUsage().rss;
const pool = await workerPoolScorer({ name, dtype: 'q8' }, os.availableParallelism());
const poolMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
const poolLabel = `pool of ${pool.concurrency} scoring threads (tokenising)`;
for (let r = 0; r < rounds; r++) {
  for (const [label, options] of Object.entries(sessions)) {
    const open = await Promise.all(options.map((o) => ort.InferenceSession.create(file, o)));
    await open[0].run(feeds[0]);
    const t0 = performance.now();
    await inFlight(open.map((s) => (f) => s.run(f)));
    (rates[label] ??= []).push(Math.round(texts.length / ((performance.now() - t0) / 1000)));
    await Promise.all(open.map((s) => s.release()));
  }
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: pool.concurrency }, async () => {
      while (next < order.length) await pool.score(order[next++].map((i) => texts[i]));
    }),
  );
  (rates[poolLabel] ??= []).push(Math.round(texts.length / ((performance.now() - t0) / 1000)));
}
await pool.close();
await model.dispose();
console.log(
  JSON.stringify(
    {
      bench: 'score-threads',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      texts: texts.length,
      batch: 16,
      sentencesPerSecondByRound: rates,
      poolAddedMiB: Math.round(poolMiB),
    },
    null,
    2,
  ),
);
