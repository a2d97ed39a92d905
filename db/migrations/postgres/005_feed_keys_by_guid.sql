-- PostgreSQL twin of ../005_feed_keys_by_guid.sql: re-key stored feed documents by their guid, keeping a row
-- whose guid another row already holds as its key (SQLite's UPDATE OR IGNORE).
UPDATE documents d
SET key = trim(d.extra::jsonb ->> 'guid')
WHERE d.extra IS NOT NULL
  AND jsonb_typeof(d.extra::jsonb -> 'guid') = 'string'
  AND trim(d.extra::jsonb ->> 'guid') <> ''
  AND d.source IN (SELECT id FROM sources WHERE type = 'rss')
  AND NOT EXISTS (
    SELECT 1 FROM documents o WHERE o.source = d.source AND o.key = trim(d.extra::jsonb ->> 'guid') AND o.id <> d.id
  );
