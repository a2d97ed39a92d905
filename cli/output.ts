/** Writes to stdout; a closed pipe (`finsent query ... | head`) ends the output quietly instead of crashing. */
export function writeStdout(text: string): void {
  process.stdout.write(text);
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const short = (v: unknown) => {
  if (typeof v === 'string' && v.length > 70) return `${v.slice(0, 67)}...`;
  if (typeof v === 'number' && !Number.isInteger(v)) return +v.toFixed(4);
  return v;
};

/**
 * Rows as a terminal table restricted to `columns`, long strings cut and floats rounded. No rows print `empty`
 * (what to do about it, where the caller knows) rather than a frame around nothing.
 */
export function printTable(rows: readonly object[], columns?: readonly string[], empty = '(none)'): void {
  if (!rows.length) {
    writeStdout(`${empty}\n`);
    return;
  }
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const get = (r: object, c: string) => short((r as Record<string, unknown>)[c] ?? '');
  console.table(rows.map((r) => Object.fromEntries(cols.map((c) => [c, get(r, c)]))));
}

/** Keeps `columns` of each row, in that order, with null for missing values (a stable export schema). */
export function project(rows: readonly Record<string, unknown>[], columns: readonly string[]) {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
}

/** Signals as a trader reads them: session by session, each session's strongest up-call first. */
export function rankedSignals<T extends { day: string; p_up: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.day.localeCompare(b.day) || b.p_up - a.p_up);
}
