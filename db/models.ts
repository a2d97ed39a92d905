import { type DB, stmt } from './store.js';

export interface ModelRecord {
  id: string;
  kind: 'sentiment' | 'fusion';
  location: string;
  meta: unknown;
  createdAt: string;
}

/**
 * Records a model in the registry table. A sentiment model id carries a hash of its weights, so an existing
 * row is kept; a fusion model's row is replaced so its location and training figures stay current.
 */
export function registerModel(db: DB, m: ModelRecord): void {
  const onConflict =
    m.kind === 'fusion'
      ? 'DO UPDATE SET location = excluded.location, meta = excluded.meta, created_at = excluded.created_at'
      : 'DO NOTHING';
  stmt(
    db,
    `INSERT INTO models (id, kind, location, meta, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) ${onConflict}`,
  ).run(m.id, m.kind, m.location, JSON.stringify(m.meta), m.createdAt);
}

export interface ModelRow {
  id: string;
  kind: string;
  location: string;
  meta: string | null;
  created_at: string;
}

export function listModels(db: DB, kind?: string): ModelRow[] {
  return stmt(db, 'SELECT * FROM models WHERE (@kind IS NULL OR kind = @kind) ORDER BY created_at DESC').all({
    kind: kind ?? null,
  }) as ModelRow[];
}
