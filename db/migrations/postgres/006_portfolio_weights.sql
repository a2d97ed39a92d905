-- PostgreSQL twin of ../006_portfolio_weights.sql.
CREATE TABLE portfolio_weights (
  day TEXT COLLATE "C" NOT NULL,
  model_id TEXT COLLATE "C" NOT NULL,
  method TEXT COLLATE "C" NOT NULL,
  ticker TEXT COLLATE "C" NOT NULL,
  weight DOUBLE PRECISION NOT NULL,
  expected_return DOUBLE PRECISION NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (day, model_id, method, ticker)
);
CREATE INDEX portfolio_weights_day ON portfolio_weights (day, method);
