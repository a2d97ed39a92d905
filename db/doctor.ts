import Database from 'better-sqlite3';
import { AHEAD_ALLOWED_MS, EARLIEST_PUBLICATION } from '../core/days.js';
import { readMigrations } from './migrate.js';

export interface DoctorReport {
  file: string;
  ok: boolean;
  /** One line per problem found; empty when the database is sound. */
  problems: string[];
  checks: { name: string; ok: boolean; detail: string }[];
}

/**
 * The full check behind `finsent doctor`: SQLite's integrity check (every page, index and constraint), foreign
 * keys, the full-text index against its documents, the applied migrations against their files, and publication
 * dates that cannot be true. Opens the
 * file itself (never creating or migrating it), so a damaged database is reported rather than refused.
 */
export function diagnose(file: string): DoctorReport {
  const checks: DoctorReport['checks'] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (err) {
    db?.close();
    add('open', false, (err as Error).message);
    return report(file, checks);
  }
  try {
    const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    add('integrity_check', integrity.join() === 'ok', integrity.join('; '));
    const fk = db.pragma('foreign_key_check') as unknown[];
    add('foreign_key_check', fk.length === 0, fk.length ? `${fk.length} rows violate foreign keys` : 'ok');
    try {
      db.prepare("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)").run();
      add('full-text index', true, 'ok');
    } catch (err) {
      add(
        'full-text index',
        false,
        `${(err as Error).message} (rebuild: INSERT INTO documents_fts(documents_fts) VALUES ('rebuild'))`,
      );
    }
    add('migrations', ...migrationState(db));
    add('publication dates', ...publicationDates(db));
  } catch (err) {
    add('integrity_check', false, (err as Error).message);
  } finally {
    db.close();
  }
  return report(file, checks);
}

function migrationState(db: Database.Database): [boolean, string] {
  const applied = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    sha256: string;
  }[];
  const files = new Map(readMigrations().map((m) => [m.version, m]));
  const changed = applied.filter((m) => files.get(m.version)?.sha256 !== m.sha256).map((m) => m.name);
  if (changed.length) return [false, `changed since applied: ${changed.join(', ')}`];
  const pending = [...files.values()].filter((m) => !applied.some((a) => a.version === m.version));
  return [
    true,
    `${applied.length} applied${pending.length ? `, ${pending.length} pending (applied on next write)` : ''}`,
  ];
}

/**
 * Documents stored before the importers refused implausible publication times (ingest/written-dates.ts): one dated
 * 0001-01-01 or 9999-12-31 makes `finsent aggregate` write a row for every trading day up to it, for every ticker.
 */
function publicationDates(db: Database.Database, now = Date.now()): [boolean, string] {
  // The bounds `isPlausiblePublication` applies, as the ISO strings the column holds.
  const floor = new Date(EARLIEST_PUBLICATION).toISOString();
  const ceiling = new Date(now + AHEAD_ALLOWED_MS).toISOString();
  const epoch = new Date(0).toISOString();
  const where = `published_at < '${floor}' OR published_at > '${ceiling}' OR published_at = '${epoch}'`;
  const { n } = db.prepare(`SELECT count(*) n FROM documents WHERE ${where}`).get() as { n: number };
  if (!n) return [true, 'ok'];
  return [
    false,
    `${n} documents dated at the epoch, before 1900 or days after now (undate them: UPDATE documents SET ` +
      `published_at = NULL WHERE ${where})`,
  ];
}

function report(file: string, checks: DoctorReport['checks']): DoctorReport {
  const problems = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  return { file, ok: problems.length === 0, problems, checks };
}
