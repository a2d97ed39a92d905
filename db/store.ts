import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { NonRetryableError, QueryError } from '../core/errors.js';
import { type Migration, migrate } from './migrate.js';

export type DB = Database.Database;

export interface Store {
  readonly db: DB;
  readonly path: string;
  /** Runs `fn` in one IMMEDIATE transaction: all of it lands or none does. */
  tx<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens (creating and migrating) the SQLite store. WAL mode so readers (the API) never block the nightly
 * writer; synchronous=NORMAL is safe under WAL against process crashes (only an OS crash can lose the
 * last transaction, never corrupt the file).
 * @example const store = openStore(':memory:');
 */
export function openStore(file: string, opts: { readonly?: boolean; migrations?: Migration[] } = {}): Store {
  if (opts.readonly && file !== ':memory:' && !existsSync(file)) {
    throw new NonRetryableError(`no database at ${file}: ingest, import or run nightly first, or pass --db`);
  }
  if (file !== ':memory:' && !opts.readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, opts.migrations);
  }
  return {
    db,
    path: file,
    tx: <T>(fn: () => T) => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

/** Wraps a statement call so a failure keeps its SQL and parameters. */
export function run<T>(db: DB, sql: string, params: unknown[], fn: (stmt: Database.Statement) => T): T {
  try {
    return fn(db.prepare(sql));
  } catch (cause) {
    throw new QueryError(sql, params, { cause });
  }
}

const statements = new WeakMap<DB, Map<string, Database.Statement>>();

/**
 * A prepared statement for `sql` on `db`, compiled once per connection: the store's modules call this in
 * loops (one link, one score, one signal at a time), where preparing each time would dominate.
 */
export function stmt(db: DB, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let st = cache.get(sql);
  if (!st) {
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  return st;
}
