-- Reads by session (latest signals, signals for a date, the health check's max(day)) scanned the table:
-- the primary key leads with the ticker.
CREATE INDEX signals_day ON signals (day, model_id);
