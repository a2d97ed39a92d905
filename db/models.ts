import { type DB, stmt } from './store.js';

export interface ModelRecord {
  id: string;
  kind: 'sentiment' | 'fusion';
  location: string;
  meta: unknown;
  createdAt: string;
}

/**
 * Records a model in the registry table. Ids are unique per trained model (a sentiment id carries a hash of
 * its weights, a fusion id its training time and a hash of its configuration), so a row is never replaced:
 * signals keyed by an id always mean what that model said.
 */
export function registerModel(db: DB, m: ModelRecord): void {
  stmt(
    db,
    'INSERT INTO models (id, kind, location, meta, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
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
