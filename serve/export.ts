import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/store.js';
import { queryDocuments, sentimentBetween, signalsBetween } from '../db/queries.js';

import { EXPORT_COLUMNS, type ExportKind } from './export-columns.js';

export { EXPORT_COLUMNS, type ExportKind };
export type Format = 'csv' | 'jsonl' | 'json' | 'table';

export function exportRows(
  db: DB,
  kind: ExportKind,
  o: { from?: string; to?: string; ticker?: string; model?: string },
): Record<string, unknown>[] {
  if (kind === 'signals') return signalsBetween(db, o) as never;
  if (kind === 'sentiment') return sentimentBetween(db, o) as never;
  return queryDocuments(db, { ...o, limit: 10_000_000 }) as never;
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

export async function writeExport(
  db: DB,
  kind: ExportKind,
  format: 'csv' | 'jsonl',
  out: string,
  o: { from?: string; to?: string; ticker?: string; model?: string },
): Promise<{ rows: number; file: string }> {
  const rows = exportRows(db, kind, o);
  const ws = createWriteStream(out);
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.end(formatRows(rows, EXPORT_COLUMNS[kind], format), resolve);
  });
  return { rows: rows.length, file: out };
}
