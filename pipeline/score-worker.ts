import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/log.js';
import {
  claimScoreJob,
  finishScoreJob,
  heartbeatScoreJob,
  queueProgress,
  releaseScoreJob,
  type ScoreJob,
} from '../db/score-jobs.js';
import type { Store } from '../db/store.js';
import type { SentimentModel } from '../nlp/model.js';
import type { TextScorer } from '../nlp/score-pool.js';

export interface WorkerOptions {
  /** Names this worker in the queue (`finsent runs` lists them). @default "<host>:<pid>" */
  workerId: string;
  visibilitySeconds: number;
  pollSeconds: number;
  maxAttempts: number;
  batchSize: number;
  /** Documents per transaction inside a job; a kill loses at most this many. @default 128 */
  docsPerChunk?: number;
  /** Stop after this long without finding a job; undefined: run until `signal`. */
  idleExitSeconds?: number;
  signal?: AbortSignal;
  logger?: Logger;
  onJob?: (job: ScoreJob, documents: number) => void;
  /** Scoring threads to score each job's batches side by side (nlp/score-pool.ts). @default the model, here */
  scorer?: TextScorer;
}

export interface WorkerSummary {
  worker: string;
  jobs: number;
  documents: number;
  units: number;
  seconds: number;
}

/**
 * Claims jobs for `model` from the store's queue and scores them until stopped or idle. A heartbeat after every
 * chunk, and on a timer in between, keeps the claim; a worker that lost its claim (it stalled past the
 * visibility timeout and another took the job) stops that job, and the (document, model) key means the two
 * never store a document twice. A failure hands the job back for another try.
 */
export async function runScoreWorker(store: Store, model: SentimentModel, o: WorkerOptions): Promise<WorkerSummary> {
  const { scoreStore } = await import('../nlp/score-store.js');
  const summary: WorkerSummary = { worker: o.workerId, jobs: 0, documents: 0, units: 0, seconds: 0 };
  const t0 = performance.now();
  let idleSince = performance.now();
  while (!o.signal?.aborted) {
    const job = claimScoreJob(store, model.id, o.workerId, { visibilitySeconds: o.visibilitySeconds });
    if (!job) {
      if (o.idleExitSeconds !== undefined && performance.now() - idleSince >= o.idleExitSeconds * 1000) break;
      await sleep(o.pollSeconds * 1000, undefined, { signal: o.signal }).catch(() => {});
      continue;
    }
    o.logger?.info({ job: job.id, first: job.first_id, last: job.last_id, attempt: job.attempts }, 'job claimed');
    const lost = new AbortController();
    const stop = o.signal ? AbortSignal.any([o.signal, lost.signal]) : lost.signal;
    let scored = 0;
    const beat = () => {
      if (!lost.signal.aborted && !heartbeatScoreJob(store.db, job.id, o.workerId, scored)) lost.abort();
    };
    const timer = setInterval(beat, (o.visibilitySeconds * 1000) / 3);
    try {
      const r = await scoreStore(store, model, {
        scorer: o.scorer,
        batchSize: o.batchSize,
        docsPerChunk: o.docsPerChunk ?? 128,
        range: { after: job.first_id - 1, through: job.last_id },
        signal: stop,
        onProgress: (done) => {
          scored = done;
          beat();
        },
      });
      summary.units += r.units;
      summary.documents += r.documents;
      if (lost.signal.aborted) o.logger?.warn({ job: job.id }, 'job claimed by another worker: left to it');
      else if (o.signal?.aborted) releaseScoreJob(store.db, job.id, o.workerId, 'worker stopped', o.maxAttempts + 1);
      else if (finishScoreJob(store.db, job.id, o.workerId, r.documents)) {
        summary.jobs++;
        o.onJob?.(job, r.documents);
      }
    } catch (err) {
      const message = (err as Error).message;
      o.logger?.error({ job: job.id, err: message }, 'job failed');
      releaseScoreJob(store.db, job.id, o.workerId, message, o.maxAttempts);
    } finally {
      clearInterval(timer);
    }
    idleSince = performance.now();
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

/**
 * Waits until no job of `runId` is queued or running, reporting progress. Returns "stalled" when nothing moved
 * (no job claimed, no document scored) for `stallSeconds`: no worker is there, or all of them died.
 */
export async function waitForQueue(
  store: Store,
  runId: number,
  o: { pollSeconds: number; stallSeconds: number; onProgress?: (scored: number, total: number) => void },
): Promise<'drained' | 'stalled'> {
  let last = '';
  let lastChange = performance.now();
  for (;;) {
    const p = queueProgress(store.db, { runId });
    o.onProgress?.(p.scored, p.documents);
    if (p.queued + p.running === 0) return 'drained';
    const state = `${p.running}:${p.done}:${p.failed}:${p.scored}`;
    if (state !== last) {
      last = state;
      lastChange = performance.now();
    } else if (performance.now() - lastChange >= o.stallSeconds * 1000) return 'stalled';
    await sleep(o.pollSeconds * 1000);
  }
}
