import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';
import { NonRetryableError } from '../../core/errors.js';
import { upsertDocuments } from '../../db/documents.js';
import { enqueueScoreJobs } from '../../db/score-jobs.js';
import { openStore, type Store } from '../../db/store.js';
import { inLanes } from '../../nlp/batches.js';
import { loadSentimentModel, type SentimentModel } from '../../nlp/model.js';
import { type TextScorer, workerPoolScorer } from '../../nlp/score-pool.js';
import { scoreStore } from '../../nlp/score-store.js';
import { runScoreWorker } from '../../pipeline/score-worker.js';
import { rejection } from '../support/rejection.js';

const MODEL = path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment');
const TEXTS = [
  'Operating profit rose to EUR 13.1 mn from EUR 8.7 mn in the corresponding period in 2007.',
  'The company said it would cut 300 jobs after sales fell short of forecasts.',
  'The annual general meeting will be held on 12 March.',
  '$AAPL breaking out, loading up on calls',
  'ok',
  '',
  'Shares of the lender slumped 12% after it warned that loan losses would double this year, the third warning.',
];

function storeOf(n: number): Store {
  const store = openStore(':memory:');
  const docs = Array.from({ length: n }, (_, i) => ({
    source: 'test',
    key: String(i),
    kind: 'news' as const,
    body: `${TEXTS[i % TEXTS.length]} (item ${i})`,
  }));
  upsertDocuments(store.db, docs, '2026-12-06T00:00:00Z');
  return store;
}

const scoresOf = (store: Store) =>
  store.db
    .prepare('SELECT document_id, p_positive, p_negative, p_neutral FROM sentiment_scores ORDER BY document_id')
    .all();

/** The model in this thread as a scorer, one batch at a time: the reference the threads are held to. */
const inProcessScorer = (model: SentimentModel): TextScorer => ({
  concurrency: 1,
  score: (texts) => model.infer(model.encode(texts)),
  close: async () => {},
});

describe('nlp/score-pool: scoring threads', function () {
  this.timeout(120_000);
  let model: SentimentModel;
  let pool: TextScorer;
  before(async () => {
    model = await loadSentimentModel({ name: MODEL, dtype: 'q8' });
    pool = await workerPoolScorer({ name: MODEL, dtype: 'q8' }, 2);
  });
  after(async () => {
    await pool?.close();
    await model?.dispose();
  });

  it('gives a batch the probabilities the model gives it in this thread, whichever thread runs it', async () => {
    const here = await inProcessScorer(model).score(TEXTS);
    const [a, b] = await Promise.all([pool.score(TEXTS), pool.score(TEXTS)]);
    expect(pool.concurrency).to.equal(2);
    for (const rows of [a, b]) {
      expect(rows).to.have.length(TEXTS.length);
      rows.forEach((p, i) => {
        for (let j = 0; j < 3; j++) expect(p[j]).to.be.closeTo(here[i][j], 1e-6, `text ${i}, label ${j}`);
      });
    }
  });

  it('stores the same scores through two threads as in this thread, each document once', async () => {
    const alone = storeOf(300);
    const pooled = storeOf(300);
    const a = await scoreStore(alone, model, { batchSize: 16, docsPerChunk: 64 });
    const b = await scoreStore(pooled, model, { batchSize: 16, docsPerChunk: 64, scorer: pool });
    expect(b.documents).to.equal(300);
    expect(b.units).to.equal(a.units);
    const x = scoresOf(alone) as Record<string, number>[];
    const y = scoresOf(pooled) as Record<string, number>[];
    expect(y.map((r) => r.document_id)).to.deep.equal(x.map((r) => r.document_id));
    y.forEach((r, i) => expect(r.p_positive).to.be.closeTo(x[i].p_positive, 1e-6));
    expect((await scoreStore(pooled, model, { scorer: pool })).documents, 'a rerun').to.equal(0);
    alone.close();
    pooled.close();
  });

  it('lets a queue worker score its jobs through the threads, each document once', async () => {
    const store = storeOf(300);
    const queued = enqueueScoreJobs(store, model.id, { batchDocuments: 100 });
    expect(queued.jobs).to.equal(3);
    const settings = { visibilitySeconds: 30, pollSeconds: 0.05, maxAttempts: 3, batchSize: 16, idleExitSeconds: 0 };
    const r = await runScoreWorker(store, model, { ...settings, workerId: 'w', scorer: pool });
    expect(r).to.include({ jobs: 3, documents: 300 });
    const ids = (scoresOf(store) as { document_id: number }[]).map((x) => x.document_id);
    expect(new Set(ids).size).to.equal(300);
    store.close();
  });

  it('refuses to start on a model folder that does not load, with the thread’s reason', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-model-'));
    const err = await rejection(workerPoolScorer({ name: dir, dtype: 'q8' }, 2));
    expect(err).to.be.instanceOf(NonRetryableError);
    expect(err.message).to.match(/scoring thread: model folder .* has no config.json/);
  });

  it('refuses a pool of no threads', async () => {
    const err = await rejection(workerPoolScorer({ name: MODEL }, 0));
    expect(err.message).to.match(/needs 1 thread or more/);
  });
});

describe('nlp/score-pool: a failing scorer', () => {
  /** Scores like `model` but throws on its `failAt`th batch, as a scoring thread that died would. */
  function failingScorer(model: SentimentModel, failAt: number): TextScorer & { inFlightMax: number } {
    let calls = 0;
    let inFlight = 0;
    const s = {
      concurrency: 2,
      inFlightMax: 0,
      async score(texts: string[]) {
        inFlight++;
        s.inFlightMax = Math.max(s.inFlightMax, inFlight);
        try {
          if (++calls === failAt) throw new NonRetryableError('scoring thread exited (code 1)');
          await new Promise((r) => setTimeout(r, 2));
          return model.infer(model.encode(texts));
        } finally {
          inFlight--;
        }
      },
      close: async () => {},
    };
    return s;
  }

  it('loses only the chunk in flight, and a rerun scores every remaining document exactly once', async function () {
    this.timeout(60_000);
    const model = await loadSentimentModel({ name: MODEL, dtype: 'q8' });
    const store = storeOf(96);
    const broken = failingScorer(model, 7);
    const err = await rejection(scoreStore(store, model, { batchSize: 8, docsPerChunk: 32, scorer: broken }));
    expect(err.message).to.match(/scoring thread exited/);
    expect(broken.inFlightMax, 'two batches side by side').to.equal(2);
    // Batches 1-4 are the first chunk of 32 documents, written; the 7th batch is in the second chunk, which is not.
    expect(scoresOf(store)).to.have.length(32);
    const rerun = await scoreStore(store, model, { batchSize: 8, docsPerChunk: 32, scorer: inProcessScorer(model) });
    expect(rerun.documents).to.equal(64);
    const ids = (scoresOf(store) as { document_id: number }[]).map((r) => r.document_id);
    expect(new Set(ids).size).to.equal(96);
    store.close();
    await model.dispose();
  });

  it('starts no batch after one has failed', async () => {
    const started: number[] = [];
    const err = await rejection(
      inLanes(
        [[0], [1], [2], [3], [4], [5]],
        2,
        async ([i]) => {
          started.push(i);
          await new Promise((r) => setTimeout(r, 5));
          if (i === 1) throw new Error('boom');
          return [i];
        },
        () => {},
      ),
    );
    expect(err.message).to.equal('boom');
    await new Promise((r) => setTimeout(r, 30));
    expect(started).to.deep.equal([0, 1, 2]);
  });
});
