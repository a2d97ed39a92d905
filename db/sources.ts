import type { DB } from './store.js';

export interface SourceState {
  id: string;
  type: string;
  url: string | null;
  etag: string | null;
  last_modified: string | null;
  cursor: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  fetch_count: number;
  error_count: number;
  item_count: number;
}

export function getSourceState(db: DB, id: string): SourceState | undefined {
  return db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceState | undefined;
}

/**
 * Registers a source, or updates its type and URL from the config. When either changed (a feed that moved, an id
 * reused for another kind of source) the remembered ETag, Last-Modified and cursor belong to the old one: an old
 * Last-Modified would make the new feed answer 304 until it changed, and a StockTwits cursor is no X `since_id`.
 */
export function ensureSource(db: DB, id: string, type: string, url: string | null): void {
  const same = "sources.type = excluded.type AND COALESCE(sources.url, '') = COALESCE(excluded.url, '')";
  db.prepare(
    `INSERT INTO sources (id, type, url) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET type = excluded.type,
      url = excluded.url, etag = CASE WHEN ${same} THEN sources.etag END,
      last_modified = CASE WHEN ${same} THEN sources.last_modified END,
      cursor = CASE WHEN ${same} THEN sources.cursor END`,
  ).run(id, type, url);
}

export function recordSuccess(
  db: DB,
  id: string,
  at: string,
  s: { etag?: string | null; lastModified?: string | null; cursor?: string | null; items: number },
  /** What part of the source failed while the rest landed; kept as the source's last error until a clean run. */
  warning: string | null = null,
): void {
  db.prepare(`UPDATE sources SET last_attempt_at = @at, last_success_at = @at, last_error = @warning,
      last_error_at = CASE WHEN @warning IS NULL THEN last_error_at ELSE @at END, fetch_count = fetch_count + 1,
      item_count = item_count + @items, etag = COALESCE(@etag, etag),
      last_modified = COALESCE(@lastModified, last_modified), cursor = COALESCE(@cursor, cursor)
    WHERE id = @id`).run({
    id,
    at,
    items: s.items,
    warning,
    etag: s.etag ?? null,
    lastModified: s.lastModified ?? null,
    cursor: s.cursor ?? null,
  });
}

export function recordError(db: DB, id: string, at: string, message: string): void {
  db.prepare(
    `UPDATE sources SET last_attempt_at = @at, last_error = @message, last_error_at = @at,
      error_count = error_count + 1, fetch_count = fetch_count + 1 WHERE id = @id`,
  ).run({ id, at, message });
}

export function listSources(db: DB): SourceState[] {
  return db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceState[];
}

/**
 * How a source's last run went, from its fetch state: `error` when it failed after its last success (or never
 * succeeded), `partial` when its last success carried a warning (some symbols or pages missing), `never run`.
 */
export function sourceHealth(s: SourceState): 'ok' | 'partial' | 'error' | 'never run' {
  if (!s.last_attempt_at) return 'never run';
  if (!s.last_error) return 'ok';
  if (!s.last_success_at || (s.last_error_at ?? '') > s.last_success_at) return 'error';
  return s.last_error_at === s.last_success_at ? 'partial' : 'ok';
}
