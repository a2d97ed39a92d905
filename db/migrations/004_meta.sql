-- Small key/value state of the pipeline itself (e.g. the universe hash the stored ticker links were made with).
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
