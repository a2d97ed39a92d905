import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CriticalError } from '../core/errors.js';
import { PROJECT_ROOT } from '../core/paths.js';
import { type DB, type Dialect, dialectOf } from './connection.js';

/** SQLite's migrations sit in db/migrations, PostgreSQL's under db/migrations/postgres with the same numbers. */
const MIGRATIONS_DIR: Record<Dialect, string> = {
  sqlite: path.join(PROJECT_ROOT, 'db', 'migrations'),
  postgres: path.join(PROJECT_ROOT, 'db', 'migrations', 'postgres'),
};

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export function readMigrations(dir?: string, dialect: Dialect = 'sqlite'): Migration[] {
  dir ??= MIGRATIONS_DIR[dialect];
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), 'utf8');
      return { version: Number(name.slice(0, 3)), name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending numbered migrations in one transaction and records each with its hash.
 * Refuses to start (CriticalError) if a migration that was applied has since changed on disk.
 */
export function migrate(db: DB, migrations?: Migration[]): { applied: string[] } {
  const files = migrations ?? readMigrations(undefined, dialectOf(db));
  // Several processes may open a new database at once (a nightly and its workers): they migrate one after the
  // other, under SQLite's write lock or a PostgreSQL advisory lock, each seeing what the one before applied.
  return db
    .transaction(() => {
      if (dialectOf(db) === 'postgres') db.prepare('SELECT pg_advisory_xact_lock(7270019)').get();
      return applyPending(db, files);
    })
    .immediate();
}

function applyPending(db: DB, migrations: Migration[]): { applied: string[] } {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
      sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const done = new Map(
    (db.prepare('SELECT version, name, sha256 FROM schema_migrations').all() as Migration[]).map((m) => [m.version, m]),
  );
  for (const m of migrations) {
    const prev = done.get(m.version);
    if (prev && prev.sha256 !== m.sha256) {
      throw new CriticalError(
        `migration ${m.name} was changed after it was applied (recorded sha256 ${prev.sha256.slice(0, 12)}, ` +
          `now ${m.sha256.slice(0, 12)}); add a new numbered migration instead`,
      );
    }
  }
  const pending = migrations.filter((m) => !done.has(m.version));
  for (const m of pending) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
      m.version,
      m.name,
      m.sha256,
      new Date().toISOString(),
    );
  }
  return { applied: pending.map((m) => m.name) };
}
