/** A calendar date written YYYY-MM-DD that exists: 2015-02-30 and 2015-13-05 are not days. */
export function isCalendarDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Earliest publication time taken at its word: older dates in news and posts are typos or unset fields. */
export const EARLIEST_PUBLICATION = Date.UTC(1900, 0, 1);
/** A publication time may run this far ahead of the clock (time zones, a feed's scheduled items), no further. */
export const AHEAD_ALLOWED_MS = 2 * 864e5;

/**
 * Whether an instant can be a publication time: not the epoch itself (an unset timestamp, 0, read as a date), not
 * before 1900, and not days after now. One document dated 0001-01-01 or 9999-12-31 made `finsent aggregate` write a
 * row for every trading day between them, for every ticker, for hours; such a document is kept, undated.
 */
export function isPlausiblePublication(ms: number, now = Date.now()): boolean {
  return ms !== 0 && ms >= EARLIEST_PUBLICATION && ms <= now + AHEAD_ALLOWED_MS;
}
