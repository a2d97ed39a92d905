-- PostgreSQL twin of ../008_link_relevance.sql.
ALTER TABLE document_tickers ADD COLUMN relevance DOUBLE PRECISION NOT NULL DEFAULT 1
  CHECK (relevance > 0 AND relevance <= 1);
DELETE FROM meta WHERE key = 'link_universe_sha256';
