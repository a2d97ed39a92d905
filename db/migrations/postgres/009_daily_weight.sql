-- PostgreSQL twin of ../009_daily_weight.sql.
ALTER TABLE daily_sentiment ADD COLUMN weight DOUBLE PRECISION;
