import os from 'node:os';
import type { Config } from '../core/config.js';
import { NonRetryableError } from '../core/errors.js';
import type { Store } from '../db/store.js';
import type { AppContext, ProgressFactory } from './app-context.js';

/** The configured model's load options. */
function modelOptions(config: Config) {
  const m = config.model;
  return {
    name: m.name,
    dtype: m.dtype,
    device: m.device,
    threads: m.threads,
    maxTokens: m.maxTokens,
    allowRemote: m.allowRemote,
  };
}

/** Loads the configured sentiment model (Transformers.js, imported on first use: it is heavy). */
export async function loadConfiguredModel(config: Config) {
  const { loadSentimentModel } = await import('../nlp/model.js');
  return loadSentimentModel(modelOptions(config));
}

/**
 * How many scoring threads the config asks for: `model.scoringThreads`, or at 0 one per core where the model runs
 * on the CPU and its intra-op threads are left to onnxruntime (a set `threads` means the user placed the work).
 */
export function scoringThreads(config: Config): number {
  const m = config.model;
  if (m.scoringThreads > 0) return m.scoringThreads;
  return m.device === 'cpu' && m.threads === 0 ? os.availableParallelism() : 1;
}

/** Below this backlog, loading a model copy per thread (about a second) costs more than it saves. */
const POOL_MIN_DOCUMENTS = 256;

/**
 * The configured pool of scoring threads (nlp/score-pool.ts) for a backlog of `documents`, or undefined where the
 * config asks for one thread or the backlog is too small to repay starting one. The caller closes it.
 */
export async function configuredScorer(config: Config, documents: number) {
  const threads = scoringThreads(config);
  if (threads <= 1 || documents < POOL_MIN_DOCUMENTS) return undefined;
  const { workerPoolScorer } = await import('../nlp/score-pool.js');
  return workerPoolScorer(modelOptions(config), threads);
}

/**
 * Loads the configured model, scores every document of the store it has not scored yet with a progress
 * report, and always releases the model. The one place that does load / score / dispose.
 */
export async function scoreWithConfiguredModel(
  store: Store,
  config: Config,
  progress: ProgressFactory,
  options: { limit?: number } = {},
) {
  const { scoreStore } = await import('../nlp/score-store.js');
  const { countUnscored } = await import('../db/scores.js');
  const model = await loadConfiguredModel(config);
  const backlog = Math.min(countUnscored(store.db, model.id), options.limit ?? Infinity);
  const bar = progress('scoring');
  try {
    const scorer = await configuredScorer(config, backlog);
    try {
      const summary = await scoreStore(store, model, {
        batchSize: config.model.batchSize,
        limit: options.limit,
        onProgress: (done, total) => bar.update(done, total),
        scorer,
      });
      return { ...summary, scoringThreads: scorer?.concurrency ?? 1 };
    } finally {
      await scorer?.close();
    }
  } finally {
    bar.stop();
    await model.dispose();
  }
}

/** This process's name in the scoring queue. */
export const defaultWorkerId = () => `${os.hostname()}:${process.pid}`;

/** The worker settings from the config's queue and model blocks. */
export function workerSettings(config: Config) {
  const q = config.queue;
  return {
    visibilitySeconds: q.visibilityTimeoutSeconds,
    pollSeconds: q.pollSeconds,
    maxAttempts: q.maxAttempts,
    batchSize: config.model.batchSize,
  };
}

/**
 * The nightly's score stage through the queue: enqueue the backlog as jobs of this run, then wait while
 * `finsent score --worker` processes (here or on other machines) drain it. When nothing moves for
 * queue.workerWaitSeconds (no worker came, or all died), this process works the queue itself, so a run without
 * workers still completes.
 */
export async function scoreDistributed(store: Store, app: AppContext, runId: number) {
  const { enqueueScoreJobs, queueProgress } = await import('../db/score-jobs.js');
  const { runScoreWorker, waitForQueue } = await import('./score-worker.js');
  const { configuredSentimentModelId } = await import('./registry.js');
  const { config, logger } = app;
  const modelId = configuredSentimentModelId(config);
  const queued = enqueueScoreJobs(store, modelId, { runId, batchDocuments: config.queue.batchDocuments });
  logger.info({ model: modelId, ...queued }, 'score jobs enqueued');
  const bar = app.progress('scoring (queue)');
  let inProcess = false;
  try {
    const waited = await waitForQueue(store, runId, {
      pollSeconds: config.queue.pollSeconds,
      stallSeconds: config.queue.workerWaitSeconds,
      onProgress: (done, total) => bar.update(done, total),
    });
    if (waited === 'stalled') {
      logger.warn({ seconds: config.queue.workerWaitSeconds }, 'no worker progress: scoring in-process');
      inProcess = true;
      const model = await loadConfiguredModel(config);
      const left = queueProgress(store.db, { runId });
      const scorer = await configuredScorer(config, left.documents - left.scored);
      try {
        await runScoreWorker(store, model, {
          ...workerSettings(config),
          scorer,
          workerId: `nightly:${defaultWorkerId()}`,
          idleExitSeconds: 0,
          logger,
          onJob: () => {
            const p = queueProgress(store.db, { runId });
            bar.update(p.scored, p.documents);
          },
        });
      } finally {
        await scorer?.close();
        await model.dispose();
      }
    }
  } finally {
    bar.stop();
  }
  const p = queueProgress(store.db, { runId });
  if (p.failed) throw new NonRetryableError(`${p.failed} of ${p.jobs} score jobs failed (see score_jobs.error)`);
  if (p.queued + p.running) throw new NonRetryableError(`${p.queued + p.running} score jobs are still unfinished`);
  return { model: modelId, documents: p.scored, jobs: p.jobs, workers: p.workers.length, inProcess };
}
