-- The relevance-weighted document count of a ticker-day (the sum of its documents' link relevance): n counts a
-- market wrap that names the ticker once as fully as a story about it, so a day of passing mentions and a day of
-- real coverage read alike by n alone. Rows aggregated before this column existed read NULL until the next
-- `finsent aggregate` or `nightly`, which recompute every day's row.
ALTER TABLE daily_sentiment ADD COLUMN weight REAL;
