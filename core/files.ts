import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NonRetryableError } from './errors.js';

/**
 * Refuses a missing path, or one of the wrong kind, before any database is opened or created.
 * @throws NonRetryableError "no such file: x.csv" / "not a folder: x"
 */
export function assertPath(target: string, kind: 'file' | 'folder'): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(target);
  } catch {
    throw new NonRetryableError(`no such ${kind}: ${target}`);
  }
  if (kind === 'file' ? !st.isFile() : !st.isDirectory()) throw new NonRetryableError(`not a ${kind}: ${target}`);
}

/**
 * `mkdir -p` that fails instead of spinning. Node's `mkdirSync(dir, { recursive: true })` loops forever at full
 * CPU where mkdir keeps answering ENOENT under a parent that exists (a path under /proc or /sys, a stale
 * mount), so `--db /proc/x/y.db` hung the CLI. Here the missing folders are created one at a time from the
 * nearest existing ancestor, and any failure but EEXIST (a concurrent create) is final.
 * @throws NonRetryableError "cannot create folder /proc/x: ENOENT ..."
 */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !existsSync(at); at = path.dirname(at)) {
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new NonRetryableError(`cannot create folder ${folder}: ${(cause as Error).message}`, { cause });
    }
  }
}

/** The first bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** The files SQLite keeps beside a database while it is open or mid-transaction. */
const SQLITE_SIDE_FILE = /-(?:wal|shm|journal)$/;

function isSqliteDatabase(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * How an output path is written: an existing file that is not a regular one (a terminal, /dev/stdout, a named
 * pipe) is written in place, since writing beside it and renaming would replace the device itself (as root, an
 * export to /dev/full replaced the device with a file); anything else is a regular file. A SQLite database, or a
 * file SQLite keeps beside one, is never overwritten: `export docs --out my.db` replaced the store it read from
 * with a CSV.
 * @throws NonRetryableError "cannot write x to dir: it is a folder" / "...: it is a SQLite database"
 */
export function outputKind(target: string, what: string): 'in-place' | 'file' {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(target);
  } catch {
    return 'file';
  }
  if (st.isDirectory()) throw new NonRetryableError(`cannot write ${what} to ${target}: it is a folder`);
  if (!st.isFile()) return 'in-place';
  const database = SQLITE_SIDE_FILE.test(target) ? target.replace(SQLITE_SIDE_FILE, '') : target;
  if (isSqliteDatabase(database)) {
    const it = database === target ? 'a SQLite database' : `a file of the SQLite database ${database}`;
    throw new NonRetryableError(`cannot write ${what} to ${target}: it is ${it}; choose another file`);
  }
  return 'file';
}

/**
 * Writes a small text output (a report, a chart).
 * @throws NonRetryableError "cannot write report to x: ENOENT ..." naming the file.
 */
export function writeTextOutput(target: string, text: string, what: string): void {
  outputKind(target, what);
  try {
    writeFileSync(target, text);
  } catch (cause) {
    throw new NonRetryableError(`cannot write ${what} to ${target}: ${(cause as Error).message}`, { cause });
  }
}
