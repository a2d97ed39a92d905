import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { NonRetryableError } from '../core/errors.js';
import { outputKind } from '../core/files.js';
import { weightsBetween } from '../db/portfolio.js';
import { iterateDocuments, sentimentBetween, signalsBetween } from '../db/queries.js';
import type { DB } from '../db/store.js';
import { EXPORT_COLUMNS, type ExportKind } from './export-columns.js';

export { EXPORT_COLUMNS, type ExportKind };
export type Format = 'csv' | 'jsonl' | 'json' | 'table';

/** What an export keeps; `minRelevance` (documents only, with `ticker`) as in `DocQuery`. */
export interface ExportFilter {
  from?: string;
  to?: string;
  ticker?: string;
  model?: string;
  minRelevance?: number;
}

/** The rows of an export, streamed: documents come straight off a SQLite cursor, so any size fits in memory. */
export function exportRows(db: DB, kind: ExportKind, options: ExportFilter): Iterable<Record<string, unknown>> {
  if (options.minRelevance !== undefined && kind !== 'docs')
    throw new NonRetryableError(`a minimum relevance filters documents only, not ${kind}`);
  if (kind === 'signals') return signalsBetween(db, options) as never;
  if (kind === 'portfolio') return weightsBetween(db, options) as never;
  if (kind === 'sentiment') return sentimentBetween(db, options) as never;
  return iterateDocuments(db, { ...options, sort: 'newest' }) as never;
}

/** Rows as CSV (header + fixed column order) or JSON lines (same keys, same order). */
export function formatRows(
  rows: Record<string, unknown>[],
  columns: readonly string[],
  format: 'csv' | 'jsonl',
): string {
  if (format === 'csv')
    return stringify(rows, { header: true, columns: [...columns], cast: { number: (v) => String(v) } });
  return (
    rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))).join('\n') +
    (rows.length ? '\n' : '')
  );
}

/** One line per row, CSV (header first) or JSON lines, in the export's fixed column order. */
function* lines(rows: Iterable<Record<string, unknown>>, columns: readonly string[], format: 'csv' | 'jsonl') {
  const csv = (r: Record<string, unknown>[], header: boolean) =>
    stringify(r, { header, columns: [...columns], cast: { number: (v) => String(v) } });
  if (format === 'csv') yield csv([], true);
  for (const r of rows) {
    if (format === 'csv') yield csv([r], false);
    else yield `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))}\n`;
  }
}

/**
 * Writes every matching row to `out`, streaming. The file is written beside `out` under a temporary name and
 * renamed at the end, so a failure or a kill never leaves a truncated export that looks complete; a device or a pipe
 * (`/dev/stdout`) is written in place.
 * @throws NonRetryableError naming the file when it cannot be written.
 */
export async function writeExport(
  db: DB,
  kind: ExportKind,
  format: 'csv' | 'jsonl',
  out: string,
  options: ExportFilter,
): Promise<{ rows: number; file: string; inPlace: boolean }> {
  const target = outputKind(out, 'export');
  let count = 0;
  const counted = function* (rows: Iterable<Record<string, unknown>>) {
    for (const r of rows) {
      count++;
      yield r;
    }
  };
  const source = () => Readable.from(lines(counted(exportRows(db, kind, options)), EXPORT_COLUMNS[kind], format));
  if (target === 'in-place') {
    try {
      await pipeline(source(), createWriteStream(out, { flags: 'w' }));
    } catch (cause) {
      // The reader closed the pipe (`| head`): it has what it wanted, as with any stdout.
      if ((cause as NodeJS.ErrnoException).code !== 'EPIPE')
        throw new NonRetryableError(`cannot write export to ${out}: ${(cause as Error).message}`, { cause });
    }
    return { rows: count, file: out, inPlace: true };
  }
  const partial = `${out}.partial-${process.pid}`;
  try {
    await pipeline(source(), createWriteStream(partial, { flags: 'wx' }));
    renameSync(partial, out);
  } catch (cause) {
    rmSync(partial, { force: true });
    throw new NonRetryableError(`cannot write export to ${out}: ${(cause as Error).message}`, { cause });
  }
  return { rows: count, file: out, inPlace: false };
}
