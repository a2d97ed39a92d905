-- Sources and their fetch state (conditional GET, last success/error, counts).
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  url TEXT,
  etag TEXT,
  last_modified TEXT,
  cursor TEXT,                      -- platform cursor: newest post id seen (social sources)
  last_attempt_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  last_error_at TEXT,
  fetch_count INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  item_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  key TEXT NOT NULL,                -- normalised URL or platform post id: the dedup key
  kind TEXT NOT NULL CHECK (kind IN ('news', 'filing', 'social')),
  url TEXT,
  title TEXT,
  body TEXT,
  author TEXT,
  published_at TEXT,                -- ISO-8601 UTC
  fetched_at TEXT NOT NULL,         -- ISO-8601 UTC
  language TEXT,
  content_hash TEXT NOT NULL,
  article_status TEXT,              -- NULL: not wanted; 'pending' | 'done' | 'failed:<reason>'
  extra TEXT,                       -- JSON: source-specific fields
  UNIQUE (source, key)
);
CREATE INDEX documents_published ON documents (published_at);

-- Every content hash a document has had, so edits keep their history.
CREATE TABLE document_versions (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  title TEXT,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (document_id, content_hash)
);

CREATE TABLE tickers (
  symbol TEXT PRIMARY KEY,
  name TEXT,
  sector TEXT,
  cik TEXT,
  aliases TEXT                      -- JSON array of extra names
);

CREATE TABLE document_tickers (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ticker TEXT NOT NULL,
  method TEXT NOT NULL,             -- cashtag | name | alias | symbol (bare upper-case) | cik | source (the source said so, e.g. StockNet folder)
  source_day TEXT,                  -- the source's own date for this link (StockNet's file date), if it has one
  PRIMARY KEY (document_id, ticker)
);
CREATE INDEX document_tickers_ticker ON document_tickers (ticker, document_id);

CREATE TABLE models (
  id TEXT PRIMARY KEY,              -- e.g. "finsent-minilm-sentiment@q8"
  kind TEXT NOT NULL,               -- sentiment | fusion
  location TEXT NOT NULL,
  meta TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE sentiment_scores (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  p_positive REAL NOT NULL,
  p_negative REAL NOT NULL,
  p_neutral REAL NOT NULL,
  label TEXT NOT NULL,
  score REAL NOT NULL,              -- p_positive - p_negative
  title_score REAL,                 -- the title scored on its own, when the document has one
  units TEXT,                       -- JSON: per-sentence [text, p_pos, p_neg, p_neu, tokens] for long texts
  scored_at TEXT NOT NULL,
  PRIMARY KEY (document_id, model_id)
);
CREATE INDEX sentiment_scores_model ON sentiment_scores (model_id);

CREATE TABLE prices (
  ticker TEXT NOT NULL,
  day TEXT NOT NULL,                -- YYYY-MM-DD, the session date
  open REAL, high REAL, low REAL, close REAL, adj_close REAL, volume REAL,
  source TEXT NOT NULL,
  PRIMARY KEY (ticker, day)
);

CREATE TABLE daily_sentiment (
  ticker TEXT NOT NULL,
  day TEXT NOT NULL,                -- trading day the features are for (known before its open)
  model_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  mean_score REAL, pos_share REAL, neg_share REAL, dispersion REAL,
  n_news INTEGER NOT NULL DEFAULT 0, mean_news REAL,
  n_social INTEGER NOT NULL DEFAULT 0, mean_social REAL,
  n_filing INTEGER NOT NULL DEFAULT 0, mean_filing REAL,
  PRIMARY KEY (ticker, day, model_id)
);

CREATE TABLE signals (
  ticker TEXT NOT NULL,
  day TEXT NOT NULL,
  model_id TEXT NOT NULL,
  p_up REAL NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('up', 'down')),
  confidence REAL NOT NULL,         -- |p_up - 0.5| * 2
  created_at TEXT NOT NULL,
  PRIMARY KEY (ticker, day, model_id)
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,             -- running | ok | failed
  stages TEXT NOT NULL DEFAULT '[]',-- JSON: [{name, status, counts, ms, error}]
  error TEXT
);

CREATE VIRTUAL TABLE documents_fts USING fts5 (title, body, content = 'documents', content_rowid = 'id', tokenize = 'porter unicode61');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, body ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO documents_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
