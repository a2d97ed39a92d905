import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresDatabase } from '../../db/postgres.js';

/**
 * A PostgreSQL server for the tests: the one FINSENT_TEST_PG_URL names, or a throwaway cluster (`initdb` in a
 * temporary folder, listening on a Unix socket only, stopped and deleted when the process exits). Each call of
 * `freshDatabase` creates an empty database on it, so suites never see each other's rows.
 *
 * Without a server the PostgreSQL tests skip with the reason; FINSENT_REQUIRE_POSTGRES=1 (set by .ci/run)
 * turns that skip into a failure, so CI cannot pass without having run them.
 */
export interface TestPostgres {
  /** A libpq URL for a new, empty database. */
  freshDatabase(): string;
}

let server: TestPostgres | null | undefined;
let unavailable = '';

export function testPostgres(): TestPostgres | null {
  if (server !== undefined) return server;
  try {
    server = process.env.FINSENT_TEST_PG_URL ? external(process.env.FINSENT_TEST_PG_URL) : throwawayCluster();
  } catch (e) {
    unavailable = (e as Error).message.split('\n')[0];
    server = null;
  }
  return server;
}

/** Call at the top of a PostgreSQL suite (`function () { requirePostgres(this) }` in a before hook). */
export function requirePostgres(ctx: Mocha.Context): TestPostgres {
  const pg = testPostgres();
  if (pg) return pg;
  const why = `no PostgreSQL server for the tests: ${unavailable}`;
  if (process.env.FINSENT_REQUIRE_POSTGRES === '1') throw new Error(`${why} (FINSENT_REQUIRE_POSTGRES=1)`);
  console.warn(`      skipped: ${why}; set FINSENT_TEST_PG_URL or install the postgresql package`);
  ctx.skip();
}

function createDatabase(adminUrl: string, urlFor: (db: string) => string): string {
  const name = `finsent_test_${randomBytes(5).toString('hex')}`;
  const admin = new PostgresDatabase(adminUrl);
  try {
    admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  return urlFor(name);
}

function external(url: string): TestPostgres {
  const u = new URL(url);
  return {
    freshDatabase: () =>
      createDatabase(url, (db) => {
        u.pathname = `/${db}`;
        return u.toString();
      }),
  };
}

function binDir(): string {
  const fromPgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates = [fromPgConfig.stdout?.trim() ?? ''];
  if (existsSync('/usr/lib/postgresql'))
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse())
      candidates.push(`/usr/lib/postgresql/${v}/bin`);
  const dir = candidates.find((d) => d && existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')));
  if (!dir) throw new Error('initdb and pg_ctl not found (pg_config --bindir, /usr/lib/postgresql/*/bin)');
  return dir;
}

/** PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` user the package creates. */
function asServerUser(cmd: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: 'pipe', cwd: os.tmpdir() });
}

function throwawayCluster(): TestPostgres {
  const bin = binDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'finsent-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const stop = () => {
    spawnSync(process.getuid?.() === 0 ? 'runuser' : path.join(bin, 'pg_ctl'), [
      ...(process.getuid?.() === 0 ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl')] : []),
      '-D',
      data,
      '-m',
      'immediate',
      'stop',
    ]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    asServerUser(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'finsent', '-E', 'UTF8', '--no-sync']);
    const opts = `-c listen_addresses='' -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    asServerUser(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`cannot start a throwaway cluster: ${err.stderr?.toString().trim() || err.message}`);
  }
  process.once('exit', stop);
  const urlFor = (db: string) => `postgresql:///${db}?host=${encodeURIComponent(dir)}&user=finsent`;
  return { freshDatabase: () => createDatabase(urlFor('postgres'), urlFor) };
}
