import { type DB, stmt } from './store.js';

/** A small key-value table for the store's own bookkeeping (e.g. the universe hash links were made with). */
export function getMeta(db: DB, key: string): string | undefined {
  return (stmt(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setMeta(db: DB, key: string, value: string): void {
  stmt(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
