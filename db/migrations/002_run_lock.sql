-- Which process holds a running nightly run, so a second run can refuse and a crashed one can be recognised.
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
CREATE INDEX runs_status ON runs (status, started_at);
