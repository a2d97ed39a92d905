-- How much a linked document is about the ticker, in (0, 1]: 1 where the source says so (StockNet folders,
-- StockTwits symbols, a filing's filer), the ticker is in the title or it is the only one named; otherwise its
-- mentions over those of the most-mentioned linked ticker. The daily aggregate weighs scores by it, so a market
-- wrap naming twenty companies once each no longer counts fully for every one of them.
ALTER TABLE document_tickers ADD COLUMN relevance REAL NOT NULL DEFAULT 1 CHECK (relevance > 0 AND relevance <= 1);
-- Links made before this column existed read 1; forgetting the universe hash makes the next `nightly` (its link
-- stage) link every stored document again, which sets their relevance.
DELETE FROM meta WHERE key = 'link_universe_sha256';
