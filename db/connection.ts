/**
 * The connection shape every store module is written against: better-sqlite3's synchronous API, the subset the
 * store uses. `Database` from better-sqlite3 satisfies it as it is; `PostgresDatabase` implements it over libpq.
 */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): RunResult;
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

export interface DB {
  /** Absent on better-sqlite3's Database, which is SQLite. */
  readonly dialect?: 'postgres';
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  /** `fn` in one transaction; the result is called to run it (`.immediate()` takes SQLite's write lock first). */
  transaction<T>(fn: () => T): { (): T; immediate(): T };
  close(): unknown;
}

export type Dialect = 'sqlite' | 'postgres';

export const dialectOf = (db: DB): Dialect => db.dialect ?? 'sqlite';

/** The statement text for this connection's dialect, where the two cannot share one. */
export const sqlFor = (db: DB, sql: { sqlite: string; postgres: string }): string => sql[dialectOf(db)];

/** A database URL without its password, for messages and logs; a file path comes back as it is. */
export function redact(target: string): string {
  return target.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

/** True for a `postgres://` or `postgresql://` URL: the store then lives on that server. */
export const isPostgresUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);
