-- The scoring queue: ranges of document ids to score with one model, claimed by `finsent score --worker`
-- processes (on PostgreSQL with FOR UPDATE SKIP LOCKED; on SQLite one claim at a time under the write lock).
-- A running job whose heartbeat is older than the visibility timeout is claimed again; the (document, model)
-- key of sentiment_scores keeps a re-claimed range from scoring anything twice.
CREATE TABLE score_jobs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER,                   -- the nightly run that enqueued it, for progress in `finsent runs`
  model_id TEXT NOT NULL,
  first_id INTEGER NOT NULL,        -- documents first_id..last_id (inclusive) that have no score for model_id
  last_id INTEGER NOT NULL,
  documents INTEGER NOT NULL,       -- unscored documents in the range when it was enqueued
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  worker TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  scored INTEGER NOT NULL DEFAULT 0,
  enqueued_at TEXT NOT NULL,
  claimed_at TEXT,
  heartbeat_at TEXT,
  finished_at TEXT,
  error TEXT,
  UNIQUE (model_id, first_id)
);
CREATE INDEX score_jobs_claim ON score_jobs (model_id, status, id);
CREATE INDEX score_jobs_run ON score_jobs (run_id);
