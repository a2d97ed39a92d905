-- PostgreSQL twin of ../003_signal_day_index.sql.
CREATE INDEX signals_day ON signals (day, model_id);
