import { dialectOf, sqlFor } from './connection.js';
import { PENDING } from './scores.js';
import { type DB, type Store, stmt } from './store.js';

/** One queued range of documents to score with one model (table score_jobs, migration 007). */
export interface ScoreJob {
  id: number;
  run_id: number | null;
  model_id: string;
  first_id: number;
  last_id: number;
  documents: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  worker: string | null;
  attempts: number;
  scored: number;
  enqueued_at: string;
  claimed_at: string | null;
  heartbeat_at: string | null;
  finished_at: string | null;
  error: string | null;
}

// Job times come from the database server's clock, so workers on machines with skewed clocks agree on what a
// stale heartbeat is.
const NOW = {
  sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
  postgres: `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};
const SECONDS_AGO = {
  sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ? || ' seconds')",
  postgres: `to_char((clock_timestamp() - make_interval(secs => ?::double precision)) AT TIME ZONE 'UTC',
    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};
const now = (db: DB) => sqlFor(db, NOW);

/**
 * Splits the scoring backlog of `modelId` into jobs of at most `batchDocuments` documents, leaving out what a
 * queued or running job already covers, so enqueueing twice adds nothing. A finished job whose range still has
 * unscored documents (new rows with old ids never happen; a failed job does) is opened again.
 */
export function enqueueScoreJobs(
  store: Store,
  modelId: string,
  options: { runId?: number; batchDocuments: number; limit?: number },
): { jobs: number; documents: number } {
  const { db } = store;
  return store.tx(() => {
    // A run waits for its own jobs: it adopts the model's unfinished ones from earlier runs or `--enqueue`.
    if (options.runId !== undefined)
      stmt(db, "UPDATE score_jobs SET run_id = ? WHERE model_id = ? AND status IN ('queued', 'running')").run(
        options.runId,
        modelId,
      );
    const ids = (
      stmt(
        db,
        `SELECT d.id ${PENDING} AND NOT EXISTS (SELECT 1 FROM score_jobs j WHERE j.model_id = ?
          AND j.status IN ('queued', 'running') AND d.id BETWEEN j.first_id AND j.last_id) ORDER BY d.id LIMIT ?`,
      ).all(modelId, modelId, options.limit ?? Number.MAX_SAFE_INTEGER) as { id: number }[]
    ).map((r) => r.id);
    const insert = stmt(
      db,
      `INSERT INTO score_jobs (run_id, model_id, first_id, last_id, documents, enqueued_at)
        VALUES (?, ?, ?, ?, ?, ${now(db)})
        ON CONFLICT (model_id, first_id) DO UPDATE SET run_id = excluded.run_id, last_id = excluded.last_id,
          documents = excluded.documents, status = 'queued', worker = NULL, attempts = 0, scored = 0,
          enqueued_at = excluded.enqueued_at, claimed_at = NULL, heartbeat_at = NULL, finished_at = NULL,
          error = NULL
        WHERE score_jobs.status IN ('done', 'failed')`,
    );
    let jobs = 0;
    for (let i = 0; i < ids.length; i += options.batchDocuments) {
      const range = ids.slice(i, i + options.batchDocuments);
      jobs += insert.run(options.runId ?? null, modelId, range[0], range[range.length - 1], range.length).changes;
    }
    return { jobs, documents: ids.length };
  });
}

/**
 * Claims the oldest job for `modelId` that is queued, or running with a heartbeat older than `visibilitySeconds`
 * (its worker died). On PostgreSQL, SKIP LOCKED lets any number of workers claim at once without waiting on
 * each other; on SQLite the write lock makes claims one at a time.
 */
export function claimScoreJob(
  store: Store,
  modelId: string,
  worker: string,
  options: { visibilitySeconds: number },
): ScoreJob | undefined {
  const { db } = store;
  const lock = dialectOf(db) === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const sql = `UPDATE score_jobs SET status = 'running', worker = ?, attempts = attempts + 1, claimed_at = ${now(db)},
      heartbeat_at = ${now(db)}, error = NULL
    WHERE id = (SELECT id FROM score_jobs WHERE model_id = ? AND (status = 'queued'
      OR (status = 'running' AND heartbeat_at < ${sqlFor(db, SECONDS_AGO)})) ORDER BY id LIMIT 1 ${lock})
    RETURNING *`;
  return store.tx(() => stmt(db, sql).get(worker, modelId, options.visibilitySeconds) as ScoreJob | undefined);
}

/** Records that `worker` is still on the job; false when the job was claimed again by another worker. */
export function heartbeatScoreJob(db: DB, jobId: number, worker: string, scored: number): boolean {
  const sql = `UPDATE score_jobs SET heartbeat_at = ${now(db)}, scored = ? WHERE id = ? AND worker = ?
    AND status = 'running'`;
  return stmt(db, sql).run(scored, jobId, worker).changes === 1;
}

/** Marks the job done, if `worker` still holds it. */
export function finishScoreJob(db: DB, jobId: number, worker: string, scored: number): boolean {
  const sql = `UPDATE score_jobs SET status = 'done', finished_at = ${now(db)}, heartbeat_at = ${now(db)},
      scored = ? WHERE id = ? AND worker = ? AND status = 'running'`;
  return stmt(db, sql).run(scored, jobId, worker).changes === 1;
}

/**
 * Hands a job back: queued again for another try, or failed once it has been tried `maxAttempts` times (a
 * range that crashes every worker must not loop forever).
 */
export function releaseScoreJob(db: DB, jobId: number, worker: string, error: string, maxAttempts: number): void {
  stmt(
    db,
    `UPDATE score_jobs SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END, worker = NULL,
      error = ?, finished_at = CASE WHEN attempts >= ? THEN ${now(db)} ELSE NULL END
    WHERE id = ? AND worker = ? AND status = 'running'`,
  ).run(maxAttempts, error.slice(0, 500), maxAttempts, jobId, worker);
}

export interface QueueProgress {
  jobs: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  /** Documents in the jobs when enqueued, and those scored so far (a done job counts whole). */
  documents: number;
  scored: number;
  workers: string[];
}

/** The state of the jobs a run enqueued (or of every job for `modelId`). */
export function queueProgress(db: DB, filter: { runId?: number; modelId?: string }): QueueProgress {
  const rows = stmt(
    db,
    `SELECT status, count(*) jobs, sum(documents) documents,
        sum(CASE WHEN status = 'done' THEN documents ELSE scored END) scored FROM score_jobs
      WHERE (? IS NULL OR run_id = ?) AND (? IS NULL OR model_id = ?) GROUP BY status`,
  ).all(filter.runId ?? null, filter.runId ?? null, filter.modelId ?? null, filter.modelId ?? null) as {
    status: ScoreJob['status'];
    jobs: number;
    documents: number;
    scored: number;
  }[];
  const workers = stmt(
    db,
    `SELECT DISTINCT worker FROM score_jobs WHERE worker IS NOT NULL AND (? IS NULL OR run_id = ?)
      AND (? IS NULL OR model_id = ?) ORDER BY worker`,
  ).all(filter.runId ?? null, filter.runId ?? null, filter.modelId ?? null, filter.modelId ?? null) as {
    worker: string;
  }[];
  const out: QueueProgress = {
    jobs: 0,
    queued: 0,
    running: 0,
    done: 0,
    failed: 0,
    documents: 0,
    scored: 0,
    workers: [],
  };
  for (const r of rows) {
    out[r.status] = r.jobs;
    out.jobs += r.jobs;
    out.documents += r.documents ?? 0;
    out.scored += r.scored ?? 0;
  }
  out.workers = workers.map((w) => w.worker);
  return out;
}

/**
 * Whether the queue table exists: a database last written by an older version and opened read-only (the API,
 * `finsent runs`) has not been migrated to 007 yet.
 */
export function hasQueue(db: DB): boolean {
  const sql = sqlFor(db, {
    sqlite: "SELECT count(*) n FROM sqlite_schema WHERE type = 'table' AND name = 'score_jobs'",
    postgres: "SELECT count(*) n FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'score_jobs'",
  });
  return (stmt(db, sql).get() as { n: number }).n > 0;
}
