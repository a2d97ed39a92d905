import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../core/paths.js';
import { upsertDocuments } from '../../db/documents.js';
import {
  claimScoreJob,
  enqueueScoreJobs,
  finishScoreJob,
  heartbeatScoreJob,
  queueProgress,
  type ScoreJob,
} from '../../db/score-jobs.js';
import { openStore, type Store } from '../../db/store.js';
import { createAppContext } from '../../pipeline/app-context.js';
import { scoreDistributed } from '../../pipeline/sentiment.js';
import { describeOnBackends } from '../support/backends.js';
import { requirePostgres } from '../support/postgres.js';

const docs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    source: 'q',
    key: String(i),
    kind: 'news' as const,
    title: `Company ${i} ${i % 2 ? 'beats' : 'misses'} estimates`,
    publishedAt: '2015-06-01T14:00:00.000Z',
  }));

describeOnBackends('scoring queue', (backend) => {
  let store: Store;
  beforeEach(() => {
    store = openStore(backend.fresh());
  });
  afterEach(() => store.close());

  it('splits the backlog into jobs once: enqueueing again adds nothing', () => {
    store.tx(() => upsertDocuments(store.db, docs(25), 't'));
    expect(enqueueScoreJobs(store, 'm', { batchDocuments: 10 })).to.deep.equal({ jobs: 3, documents: 25 });
    expect(enqueueScoreJobs(store, 'm', { batchDocuments: 10 })).to.deep.equal({ jobs: 0, documents: 0 });
    expect(enqueueScoreJobs(store, 'other', { batchDocuments: 100 })).to.deep.equal({ jobs: 1, documents: 25 });
    expect(queueProgress(store.db, { modelId: 'm' })).to.include({ jobs: 3, queued: 3, documents: 25 });
  });

  it('gives a claimed job to no second worker until its heartbeat is older than the visibility timeout', async () => {
    store.tx(() => upsertDocuments(store.db, docs(4), 't'));
    enqueueScoreJobs(store, 'm', { batchDocuments: 4 });
    const a = claimScoreJob(store, 'm', 'a', { visibilitySeconds: 0.6 }) as ScoreJob;
    expect(a).to.include({ status: 'running', worker: 'a', attempts: 1 });
    expect(claimScoreJob(store, 'm', 'b', { visibilitySeconds: 0.6 })).to.equal(undefined);
    await sleep(300);
    expect(heartbeatScoreJob(store.db, a.id, 'a', 2)).to.equal(true);
    await sleep(400);
    expect(claimScoreJob(store, 'm', 'b', { visibilitySeconds: 0.6 }), 'heartbeat 0.4 s old').to.equal(undefined);
    await sleep(400);
    const b = claimScoreJob(store, 'm', 'b', { visibilitySeconds: 0.6 }) as ScoreJob;
    expect(b).to.include({ id: a.id, worker: 'b', attempts: 2 });
    expect(heartbeatScoreJob(store.db, a.id, 'a', 3), 'a lost the job').to.equal(false);
    expect(finishScoreJob(store.db, a.id, 'a', 4)).to.equal(false);
    expect(finishScoreJob(store.db, a.id, 'b', 4)).to.equal(true);
    expect(queueProgress(store.db, { modelId: 'm' })).to.include({ done: 1, scored: 4, queued: 0, running: 0 });
  });
});

describe('a distributed nightly score stage with no worker', function () {
  this.timeout(120_000);
  it('scores in-process once nothing has moved for queue.workerWaitSeconds', async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'queue-')), 'q.db');
    const app = createAppContext({ logLevel: 'silent', overrides: { dbPath: db, queue: { workerWaitSeconds: 0.3 } } });
    try {
      const store = app.store();
      store.tx(() => upsertDocuments(store.db, docs(40), 't'));
      const r = await scoreDistributed(store, app, 1);
      expect(r).to.include({ documents: 40, inProcess: true, workers: 1 });
      const n = store.db.prepare('SELECT count(*) n, count(DISTINCT document_id) d FROM sentiment_scores').get();
      expect(n).to.deep.equal({ n: 40, d: 40 });
    } finally {
      app.close();
    }
  });
});

describe('two workers on one PostgreSQL, one killed with SIGKILL mid-job', function () {
  this.timeout(600_000);
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('scores every document exactly once and the distributed nightly completes', async function () {
    const url = requirePostgres(this).freshDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'workers-'));
    const config = path.join(dir, 'finsent.config.json');
    // Short timeouts so the killed worker's job comes back within seconds; jobs of 400 documents scored in
    // transactions of 128 (the worker's chunk), so a kill lands between chunks of a job.
    const queue = { batchDocuments: 400, visibilityTimeoutSeconds: 3, pollSeconds: 0.2, workerWaitSeconds: 120 };
    writeFileSync(
      config,
      JSON.stringify({ db: { url }, queue, fusion: { modelDir: path.join(dir, 'models') }, model: { threads: 1 } }),
    );
    const cli = (...args: string[]) => {
      const c = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/finsent.js'), '--config', config, ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      children.push(c);
      return c;
    };
    const exited = (c: ChildProcess) =>
      new Promise<number | null>((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.on('exit', resolve)));
    const workerArgs = (id: string) => ['--log-level', 'error', 'score', '--worker', '--worker-id', id];
    const a = cli(...workerArgs('a'));
    const b = cli(...workerArgs('b'));
    const nightly = cli('--log-level', 'error', 'nightly', '--sample', '--distributed');
    let stderr = '';
    nightly.stderr?.on('data', (d) => {
      stderr += d;
    });

    const watch = openStore(url);
    // Whichever worker is first seen mid-job is killed: on a loaded machine one worker may claim every job before
    // the other has loaded its model, so waiting for a named one made the test flaky.
    const workers = { a, b };
    let killedJob: { id: number; scored: number; documents: number; worker: 'a' | 'b' } | undefined;
    for (let i = 0; i < 3000 && !killedJob; i++) {
      await sleep(50);
      const running = watch.db
        .prepare(
          "SELECT id, scored, documents, worker FROM score_jobs WHERE worker IN ('a', 'b') AND status = 'running' " +
            'AND scored > 0 ORDER BY id LIMIT 1',
        )
        .get() as { id: number; scored: number; documents: number; worker: 'a' | 'b' } | undefined;
      if (running) {
        workers[running.worker].kill('SIGKILL');
        killedJob = running;
      }
    }
    expect(killedJob, 'a worker was seen mid-job').to.not.equal(undefined);
    const survivor = killedJob!.worker === 'a' ? 'b' : 'a';
    expect(killedJob!.scored).to.be.lessThan(killedJob!.documents);
    const code = await exited(nightly);
    expect(code, stderr).to.equal(0);
    const run = watch.db.prepare("SELECT id, stages FROM runs WHERE kind = 'nightly' ORDER BY id DESC").get() as {
      id: number;
      stages: string;
    };
    const score = (JSON.parse(run.stages) as { name: string; status: string; counts: { inProcess?: boolean } }[]).find(
      (s) => s.name === 'score',
    );
    expect(score?.status, run.stages).to.equal('ok');
    expect(score?.counts.inProcess).to.equal(false);
    const job = watch.db.prepare('SELECT status, worker, attempts FROM score_jobs WHERE id = ?').get(killedJob!.id);
    expect(job).to.deep.equal({ status: 'done', worker: survivor, attempts: 2 });
    const progress = queueProgress(watch.db, { runId: run.id });
    expect(progress).to.include({ queued: 0, running: 0, failed: 0 });
    expect(progress.jobs).to.equal(progress.done);
    const scorable = (
      watch.db
        .prepare("SELECT count(*) n FROM documents WHERE coalesce(title, '') <> '' OR coalesce(body, '') <> ''")
        .get() as { n: number }
    ).n;
    const scores = watch.db.prepare('SELECT count(*) n, count(DISTINCT document_id) d FROM sentiment_scores').get() as {
      n: number;
      d: number;
    };
    expect(scores).to.deep.equal({ n: scorable, d: scorable });
    watch.close();
    workers[survivor].kill('SIGTERM');
    expect(await exited(workers[survivor]), 'a worker stops cleanly on SIGTERM').to.equal(0);
  });
});
