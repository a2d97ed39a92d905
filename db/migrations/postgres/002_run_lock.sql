-- PostgreSQL twin of ../002_run_lock.sql.
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
CREATE INDEX runs_status ON runs (status, started_at);
