-- Feed items are keyed by their guid (Atom: id) instead of their link, which feeds reuse across items.
-- Re-key stored feed documents the same way so that the next fetch finds them instead of adding copies.
-- (URL-shaped guids are normalised in code; here they keep their raw form, which matches whenever the guid
-- carries no tracking parameters.) OR IGNORE keeps a row whose guid another row already holds as its key.
UPDATE OR IGNORE documents
SET key = trim(json_extract(extra, '$.guid'))
WHERE json_type(extra, '$.guid') = 'text'
  AND trim(json_extract(extra, '$.guid')) <> ''
  AND source IN (SELECT id FROM sources WHERE type = 'rss');
