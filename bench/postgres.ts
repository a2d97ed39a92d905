/**
 * The PostgreSQL store against the single-process SQLite path, in one run on this machine:
 *   - import: the StockNet folder into a fresh SQLite file and a fresh PostgreSQL database;
 *   - scoring: the same N documents scored in-process on SQLite (the baseline), then through the queue on
 *     PostgreSQL by 1 worker (all cores) and by 2 workers (one core each), timed from the first claim to the last
 *     finished job by the server's clock (worker start-up and model loading excluded, as they are for the
 *     in-process run);
 *   - the write ceiling: score rows one connection writes per second with no model in the way (chunks of 128
 *     per transaction, as workers write), on each backend: where the database starts to limit N workers.
 * The server is the one in FINSENT_BENCH_PG_URL, or a throwaway cluster (see test/support/postgres.ts).
 * Usage: npm run bench:postgres [-- <stocknet dir> [documents]]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';
import { enqueueScoreJobs } from '../db/score-jobs.js';
import { writeScores } from '../db/scores.js';
import { openStore, type Store } from '../db/store.js';
import { importStocknet } from '../ingest/importers/stocknet.js';
import { loadSentimentModel } from '../nlp/model.js';
import { scoreStore } from '../nlp/score-store.js';
import { testPostgres } from '../test/support/postgres.js';
import { DATA, machine } from './util.js';

const dir = process.argv[2] ?? path.join(DATA, 'stocknet-acl18');
const n = Number(process.argv[3] ?? 4000);
const modelDir = path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment');
const pgUrl = process.env.FINSENT_BENCH_PG_URL
  ? process.env.FINSENT_BENCH_PG_URL
  : (testPostgres() ?? { freshDatabase: () => '' }).freshDatabase();
if (!pgUrl) throw new Error('no PostgreSQL server: set FINSENT_BENCH_PG_URL or install the postgresql package');

const seconds = (t0: number) => (performance.now() - t0) / 1000;

function timedImport(target: string): { store: Store; target: string; seconds: number; tweets: number } {
  const store = openStore(target);
  const t0 = performance.now();
  const r = importStocknet(store, dir);
  return { store, target, seconds: seconds(t0), tweets: r.tweets };
}

const sqlite = timedImport(path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-pg-')), 'b.db'));
const pg = timedImport(pgUrl);

const model = await loadSentimentModel({ name: modelDir, dtype: 'q8' });
const inProcess = await scoreStore(sqlite.store, model, { limit: n, batchSize: 16 });
await model.dispose();
sqlite.store.close();

/** Enqueues the first n documents again, runs `workers` worker processes until the queue is empty. */
async function throughQueue(workers: number, threads: number) {
  pg.store.db.exec('DELETE FROM sentiment_scores; DELETE FROM score_jobs');
  const modelId = model.id;
  enqueueScoreJobs(pg.store, modelId, { batchDocuments: 256, limit: n });
  const args = (i: number) => [
    path.join(PROJECT_ROOT, 'bin/finsent.js'),
    ...['--db', pgUrl, '--log-level', 'error', 'score', '--worker', '--worker-id', `bench-${i}`],
    ...['--threads', String(threads), '--batch-size', '16', '--idle-exit', '2'],
  ];
  const procs = Array.from({ length: workers }, (_, i) => spawn(process.execPath, args(i), { stdio: 'inherit' }));
  await Promise.all(procs.map((p) => new Promise((r) => p.on('exit', r))));
  const span = pg.store.db
    .prepare(
      `SELECT min(claimed_at) first, max(finished_at) last, sum(documents) docs, count(DISTINCT worker) workers,
        sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END) done, count(*) jobs FROM score_jobs`,
    )
    .get() as { first: string; last: string; docs: number; workers: number; done: number; jobs: number };
  const wall = (Date.parse(span.last) - Date.parse(span.first)) / 1000;
  return {
    threadsEach: threads,
    ...span,
    seconds: +wall.toFixed(2),
    docsPerSecond: Math.round(span.docs / wall),
  };
}

/**
 * The database side's ceiling for one writer: score rows written as the workers write them (chunks of 128 in
 * one transaction each), with no model in the way, on each backend.
 */
function writeCeiling(store: Store, rows: number) {
  store.db.exec('DELETE FROM sentiment_scores');
  const ids = (store.db.prepare('SELECT id FROM documents ORDER BY id LIMIT ?').all(rows) as { id: number }[]).map(
    (r) => r.id,
  );
  const at = new Date().toISOString();
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 128) {
    const chunk = ids.slice(i, i + 128).map((documentId) => ({
      documentId,
      modelId: 'ceiling',
      pPositive: 0.2,
      pNegative: 0.3,
      pNeutral: 0.5,
      label: 'neutral',
      score: -0.1,
      titleScore: null,
      units: null,
      scoredAt: at,
    }));
    store.tx(() => writeScores(store.db, chunk));
  }
  const s = seconds(t0);
  store.db.exec('DELETE FROM sentiment_scores');
  return { rows: ids.length, seconds: +s.toFixed(2), rowsPerSecond: Math.round(ids.length / s) };
}

const one = await throughQueue(1, 0);
const two = await throughQueue(2, 1);
const sqliteAgain = openStore(sqlite.target);
const ceiling = { sqlite: writeCeiling(sqliteAgain, 40_000), postgres: writeCeiling(pg.store, 40_000) };
sqliteAgain.close();
pg.store.close();
const baseline = inProcess.documents / inProcess.seconds;
console.log(
  JSON.stringify(
    {
      bench: 'postgres',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      import: {
        tweets: sqlite.tweets,
        sqliteSeconds: +sqlite.seconds.toFixed(2),
        postgresSeconds: +pg.seconds.toFixed(2),
        ratioPostgresToSqlite: +(pg.seconds / sqlite.seconds).toFixed(2),
      },
      scoring: {
        documents: n,
        sqliteInProcess: { seconds: +inProcess.seconds.toFixed(2), docsPerSecond: Math.round(baseline) },
        postgresOneWorker: { ...one, ratioToSqlite: +(one.docsPerSecond / baseline).toFixed(2) },
        postgresTwoWorkers: { ...two, ratioToSqlite: +(two.docsPerSecond / baseline).toFixed(2) },
      },
      writeCeilingOneConnection: ceiling,
    },
    null,
    2,
  ),
);
