import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { makeDir } from '../core/files.js';
import path from 'node:path';
import { CriticalError, FinsentError, NonRetryableError, QueryError } from '../core/errors.js';
import { type DB, type Dialect, isPostgresUrl, redact, type Statement } from './connection.js';
import { type Migration, migrate, readMigrations } from './migrate.js';
import { PostgresDatabase } from './postgres.js';

export type { DB, Dialect } from './connection.js';

export interface Store {
  readonly db: DB;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  readonly path: string;
  readonly dialect: Dialect;
  /** Runs `fn` in one IMMEDIATE transaction: all of it lands or none does. */
  tx<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens the store: a SQLite file (or ':memory:'), or a PostgreSQL database when `target` is a postgres:// URL.
 * @example const store = openStore(':memory:');
 * @example const store = openStore('postgres://finsent@127.0.0.1:5432/finsent');
 */
export function openStore(target: string, opts: StoreOptions = {}): Store {
  return isPostgresUrl(target) ? openPostgresStore(target, opts) : openSqliteStore(target, opts);
}

/**
 * Opens (creating and migrating) a PostgreSQL store. Read-only opens still check the schema is there, so
 * the API refuses an empty database as it refuses a missing SQLite file.
 */
function openPostgresStore(url: string, opts: StoreOptions): Store {
  const db = new PostgresDatabase(url);
  try {
    if (opts.readonly) {
      const ok = db.prepare("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok").get() as { ok: boolean };
      if (!ok.ok) throw new NonRetryableError(`no finsent schema at ${redact(url)}: run nightly or ingest first`);
    } else migrate(db, opts.migrations ?? readMigrations(undefined, 'postgres'));
  } catch (cause) {
    db.close();
    if (cause instanceof FinsentError) throw cause;
    throw new CriticalError(`cannot open database ${redact(url)}: ${(cause as Error).message}`, { cause });
  }
  return {
    db,
    path: redact(url),
    dialect: 'postgres',
    tx: <T>(fn: () => T) => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

/**
 * Opens (creating and migrating) the SQLite store. WAL mode so readers (the API) never block the nightly
 * writer; synchronous=NORMAL is safe under WAL against process crashes (only an OS crash can lose the
 * last transaction, never corrupt the file).
 */
function openSqliteStore(file: string, opts: StoreOptions): Store {
  const onDisk = file !== ':memory:' && file !== '';
  const kind = onDisk && existsSync(file) ? statSync(file) : null;
  if (kind?.isDirectory()) throw new NonRetryableError(`database ${file} is a folder, not a SQLite file`);
  // SQLite opens /dev/null as an empty database: every read then failed on a missing table, and a write would put
  // its journal beside the device.
  if (kind && !kind.isFile()) throw new NonRetryableError(`database ${file} is a device or pipe, not a SQLite file`);
  if (opts.readonly && onDisk && !existsSync(file)) {
    throw new NonRetryableError(`no database at ${file}: ingest, import or run nightly first, or pass --db`);
  }
  if (onDisk && !opts.readonly) makeDir(path.dirname(path.resolve(file)));
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      if (onDisk && (opts.check ?? 'quick') === 'quick') assertQuickCheck(db, file);
      migrate(db, opts.migrations);
    } else db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (cause) {
    db?.close();
    if (cause instanceof FinsentError) throw cause;
    const why = (cause as Error).message;
    const hint = /not a database|malformed|corrupt/i.test(why) ? ' (not SQLite, or damaged: run `finsent doctor`)' : '';
    throw new CriticalError(`cannot open database ${file}: ${why}${hint}`, { cause });
  }
  return {
    db,
    path: file,
    dialect: 'sqlite',
    tx: <T>(fn: () => T) => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

export interface StoreOptions {
  /** Open read-only; the file must exist. @default false */
  readonly?: boolean;
  /** The migrations to apply (tests pin older schemas). @default every file in db/migrations */
  migrations?: Migration[];
  /**
   * Integrity check when a file is opened for writing: "quick" runs `PRAGMA quick_check` (about 0.1 s per
   * 100 MB) so a damaged file is refused before anything is written to it. @default "quick"
   */
  check?: 'quick' | 'none';
}

/** Refuses a database that fails SQLite's quick check, naming the first problem found. */
function assertQuickCheck(db: Database.Database, file: string): void {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (!problems.length) return;
  const first = problems[0].split('\n').slice(0, 2).join(' ').slice(0, 200);
  throw new CriticalError(`database ${file} is damaged (${first}); run \`finsent doctor\` for the full check`);
}

/**
 * Wraps a statement call so a failure keeps its SQL and parameters. The statement comes from the per-connection
 * cache (`stmt`), so dynamic queries built from a few filter combinations are compiled once each.
 */
export function run<T>(db: DB, sql: string, params: unknown[], fn: (stmt: Statement) => T): T {
  try {
    return fn(stmt(db, sql));
  } catch (cause) {
    throw new QueryError(sql, params, { cause });
  }
}

const statements = new WeakMap<DB, Map<string, Statement>>();

/**
 * A prepared statement for `sql` on `db`, compiled once per connection: the store's modules call this in
 * loops (one link, one score, one signal at a time), where preparing each time would dominate.
 */
export function stmt(db: DB, sql: string): Statement {
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
