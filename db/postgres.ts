import { createRequire } from 'node:module';
import { CriticalError } from '../core/errors.js';
import { type DB, type RunResult, redact, type Statement } from './connection.js';
import { type TranslatedSql, translateForPostgres } from './postgres-sql.js';

/** The part of pg-native's Client the store uses (it ships no types). */
interface PgNativeClient {
  connectSync(url: string): void;
  querySync(text: string, values?: (string | null)[]): Record<string, unknown>[];
  prepareSync(name: string, text: string, nParams: number): void;
  executeSync(name: string, values: (string | null)[]): Record<string, unknown>[];
  end(cb?: () => void): void;
  pq: { cmdTuples(): string; resultErrorFields?(): Record<string, string> | undefined };
}

const require = createRequire(import.meta.url);

/** Loaded on first use, so SQLite users never need libpq (pg-native is an optional dependency). */
function loadDriver(): { Client: new (o: object) => PgNativeClient; types: { getTypeParser(oid: number): unknown } } {
  try {
    const Client = require('pg-native');
    // pg-native's own pg-types, so the parsers match the driver's version.
    const types = createRequire(require.resolve('pg-native'))('pg-types');
    return { Client, types };
  } catch (cause) {
    throw new CriticalError(
      'PostgreSQL needs the optional dependency pg-native, which did not install (it builds against libpq: ' +
        'install libpq-dev, e.g. `apt-get install libpq-dev`, then `npm install pg-native`)',
      { cause },
    );
  }
}

// bigint (count(*), ids) and numeric (sum, avg) arrive as text: the store's values are all within 2^53.
const NUMERIC_OIDS = new Set([20, 1700]);
const parseNumber = (v: string) => Number(v);

const bindValue = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  return String(v);
};

const lingering = new Set<PgNativeClient>();

const CONNECTION_LOST = new RegExp(
  'server closed the connection|terminating connection|no connection to the server|' +
    'could not (send|receive) data|connection to server .* (lost|failed)',
  'i',
);

function connect(url: string): PgNativeClient {
  const { Client, types } = loadDriver();
  const parsers = {
    getTypeParser: (oid: number) => (NUMERIC_OIDS.has(oid) ? parseNumber : types.getTypeParser(oid)),
  };
  const client = new Client({ types: parsers });
  try {
    client.connectSync(url);
  } catch (cause) {
    throw new CriticalError(`cannot connect to PostgreSQL at ${redact(url)}: ${(cause as Error).message.trim()}`, {
      cause,
    });
  }
  client.querySync("SET client_min_messages = 'warning'");
  return client;
}

/**
 * Ends a client. libpq's addon closes its socket watcher asynchronously (uv_close) but lets the garbage
 * collector free the watcher's memory at once; collected before libuv finishes the close, the process aborts
 * in uv__finish_close. Holding the client until a timer (which runs after that iteration's closes) avoids it.
 */
function release(client: PgNativeClient): void {
  try {
    client.end();
  } catch {
    /* already broken: nothing left to end */
  }
  lingering.add(client);
  setTimeout(() => lingering.delete(client), 10).unref();
}

type StatementName = { value?: string; generation?: number };

/** One server connection behind the same synchronous interface better-sqlite3 gives the store. */
export class PostgresDatabase implements DB {
  readonly dialect = 'postgres' as const;
  private client: PgNativeClient;
  /** Bumped on every reconnect: statements prepared on an earlier connection are prepared again. */
  private generation = 0;
  private statementCount = 0;
  private cursorCount = 0;
  private depth = 0;
  private open = true;

  constructor(readonly url: string) {
    this.client = connect(url);
  }

  prepare(sql: string): Statement {
    return new PostgresStatement(this, translateForPostgres(sql));
  }

  exec(sql: string): this {
    this.client.querySync(sql);
    return this;
  }

  /** Runs `fn` in a transaction (a savepoint when nested); `immediate` exists for the SQLite call shape. */
  transaction<T>(fn: () => T): { (): T; immediate(): T; deferred(): T } {
    const wrapped = () => this.inTransaction(fn);
    return Object.assign(wrapped, { immediate: wrapped, deferred: wrapped });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    release(this.client);
  }

  /** @internal */
  execute(t: TranslatedSql, name: StatementName, args: unknown[]): { rows: Record<string, unknown>[]; n: number } {
    const values = bindArgs(t, args);
    try {
      return this.executeOnce(t, name, values);
    } catch (err) {
      // A server restart or a terminated backend: outside a transaction nothing is lost by connecting again and
      // retrying once, so a long-lived API or worker survives it. Inside one, the transaction is gone: fail.
      if (this.depth > 0 || !CONNECTION_LOST.test((err as Error).message)) throw err;
      release(this.client);
      this.client = connect(this.url);
      this.generation++;
      return this.executeOnce(t, name, values);
    }
  }

  private executeOnce(t: TranslatedSql, name: StatementName, values: (string | null)[]) {
    if (!name.value || name.generation !== this.generation) {
      name.value = `finsent_${++this.statementCount}`;
      name.generation = this.generation;
      this.client.prepareSync(name.value, t.text, t.count);
    }
    const rows = this.client.executeSync(name.value, values);
    return { rows, n: Number.parseInt(this.client.pq.cmdTuples(), 10) || 0 };
  }

  /**
   * Streams a query through a server-side cursor in pages, so an export of any size holds one page in memory.
   * WITH HOLD keeps the cursor valid whether or not a transaction is open and across other statements.
   * @internal
   */
  *cursor(t: TranslatedSql, args: unknown[], pageSize = 500): Generator<Record<string, unknown>> {
    const name = `finsent_cursor_${++this.cursorCount}`;
    this.client.querySync(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${t.text}`, bindArgs(t, args));
    try {
      for (;;) {
        const rows = this.client.querySync(`FETCH ${pageSize} FROM ${name}`);
        yield* rows;
        if (rows.length < pageSize) return;
      }
    } finally {
      if (this.open) this.client.querySync(`CLOSE ${name}`);
    }
  }

  private inTransaction<T>(fn: () => T): T {
    const savepoint = this.depth > 0 ? `finsent_sp_${this.depth}` : null;
    this.client.querySync(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
    this.depth++;
    try {
      const out = fn();
      this.depth--;
      this.client.querySync(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
      return out;
    } catch (err) {
      this.depth--;
      try {
        if (this.open) this.client.querySync(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
      } catch {
        // The connection itself is gone (the server rolled back): the error that ended the transaction stands.
      }
      throw err;
    }
  }
}

class PostgresStatement implements Statement {
  private readonly name: StatementName = {};

  constructor(
    private readonly db: PostgresDatabase,
    private readonly sql: TranslatedSql,
  ) {}

  get(...args: unknown[]): unknown {
    return this.db.execute(this.sql, this.name, args).rows[0];
  }

  all(...args: unknown[]): unknown[] {
    return this.db.execute(this.sql, this.name, args).rows;
  }

  run(...args: unknown[]): RunResult {
    const { rows, n } = this.db.execute(this.sql, this.name, args);
    const id = rows[0]?.id;
    return { changes: n, lastInsertRowid: typeof id === 'number' ? id : 0 };
  }

  iterate(...args: unknown[]): IterableIterator<unknown> {
    return this.db.cursor(this.sql, args);
  }
}

function bindArgs(t: TranslatedSql, args: unknown[]): (string | null)[] {
  if (t.names) {
    const named = (args[0] ?? {}) as Record<string, unknown>;
    return t.names.map((n) => {
      if (!(n in named)) throw new RangeError(`missing named parameter @${n}`);
      return bindValue(named[n]);
    });
  }
  if (args.length !== t.count) throw new RangeError(`expected ${t.count} parameters, got ${args.length}`);
  return args.map(bindValue);
}
