-- Portfolio weights computed from a day's signals: one row per name, keyed so that a rerun replaces them and
-- different models and methods never overwrite each other.
CREATE TABLE portfolio_weights (
  day TEXT NOT NULL,
  model_id TEXT NOT NULL,
  method TEXT NOT NULL,
  ticker TEXT NOT NULL,
  weight REAL NOT NULL,
  expected_return REAL NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (day, model_id, method, ticker)
);
CREATE INDEX portfolio_weights_day ON portfolio_weights (day, method);
