import { NonRetryableError } from '../core/errors.js';
/** NYSE trading calendar and session times, for point-in-time cut-offs. Days are 'YYYY-MM-DD'. */

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

function nthWeekday(y: number, m: number, weekday: number, n: number): Date {
  const first = utc(y, m, 1);
  return utc(y, m, 1 + ((weekday - first.getUTCDay() + 7) % 7) + 7 * (n - 1));
}
function lastWeekday(y: number, m: number, weekday: number): Date {
  const last = utc(y, m + 1, 0);
  return utc(y, m, last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7));
}
function easter(y: number): Date {
  // Anonymous Gregorian computus
  const a = y % 19,
    b = Math.floor(y / 100),
    c = y % 100,
    d = Math.floor(b / 4),
    e = b % 4,
    f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30,
    i = Math.floor(c / 4),
    k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  return utc(y, Math.floor((h + l - 7 * m + 114) / 31), ((h + l - 7 * m + 114) % 31) + 1);
}
/** Saturday holidays are observed on Friday, Sunday ones on Monday (NYSE rule 7.2). */
function observed(d: Date): Date {
  const w = d.getUTCDay();
  return w === 6 ? new Date(d.getTime() - 864e5) : w === 0 ? new Date(d.getTime() + 864e5) : d;
}

const holidayCache = new Map<number, Set<string>>();
/** Full-day NYSE closures of a year (regular holidays; one-off closures such as 2012's storm are not included). */
export function nyseHolidays(y: number): Set<string> {
  let s = holidayCache.get(y);
  if (s) return s;
  const days = [
    observed(utc(y, 1, 1)),
    nthWeekday(y, 1, 1, 3),
    nthWeekday(y, 2, 1, 3),
    new Date(easter(y).getTime() - 2 * 864e5),
    lastWeekday(y, 5, 1),
    ...(y >= 2022 ? [observed(utc(y, 6, 19))] : []),
    observed(utc(y, 7, 4)),
    nthWeekday(y, 9, 1, 1),
    nthWeekday(y, 11, 4, 4),
    observed(utc(y, 12, 25)),
  ];
  s = new Set(days.map(iso).filter((d) => d.startsWith(String(y)))); // a Jan 1 on Saturday is not observed in December
  holidayCache.set(y, s);
  return s;
}

export function isTradingDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  const w = d.getUTCDay();
  return w !== 0 && w !== 6 && !nyseHolidays(d.getUTCFullYear()).has(day);
}

export function addDays(day: string, n: number): string {
  return iso(new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 864e5));
}
export function nextTradingDay(day: string): string {
  let d = addDays(day, 1);
  while (!isTradingDay(d)) d = addDays(d, 1);
  return d;
}
export function prevTradingDay(day: string): string {
  let d = addDays(day, -1);
  while (!isTradingDay(d)) d = addDays(d, -1);
  return d;
}

/** The UTC instant of a wall-clock time on `day` in `timeZone` (DST-aware, via Intl). */
export function zonedTime(day: string, hhmm: string, timeZone = 'America/New_York'): Date {
  const guess = new Date(`${day}T${hhmm}:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asZoned = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess.getTime() - (asZoned - guess.getTime()));
}

export type CutoffMode = 'prev-close' | 'open';

/**
 * The latest publication instant that may inform trading day `day`:
 * 'prev-close' (default): 16:00 US/Eastern on the previous session; 'open': 09:30 US/Eastern on `day`.
 * Plus `offsetMinutes`. A document counts for `day` iff published strictly before this instant (and after
 * the previous day's cut-off), so weekends and holidays roll into the next session.
 */
export function cutoff(day: string, mode: CutoffMode = 'prev-close', offsetMinutes = 0): Date {
  const base = mode === 'open' ? zonedTime(day, '09:30') : zonedTime(prevTradingDay(day), '16:00');
  return new Date(base.getTime() + offsetMinutes * 60_000);
}

/**
 * Assigns each publication instant to the first trading day whose cut-off is after it. `days` must be the
 * ascending trading days considered; instants past the last day's cut-off get the next trading day.
 */
export function makeDayAssigner(
  days: string[],
  mode: CutoffMode = 'prev-close',
  offsetMinutes = 0,
): (publishedIso: string) => string {
  const cuts = days.map((d) => cutoff(d, mode, offsetMinutes).getTime());
  return (publishedIso) => {
    const t = Date.parse(publishedIso);
    let lo = 0,
      hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] > t) hi = mid;
      else lo = mid + 1;
    }
    if (lo < days.length) return days[lo];
    let d = days[days.length - 1] ?? publishedIso.slice(0, 10);
    for (;;) {
      d = nextTradingDay(d);
      if (cutoff(d, mode, offsetMinutes).getTime() > t) return d;
    }
  };
}

/** Trading days from `from` to `to` inclusive, by the calendar rules. */
export function tradingDaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = isTradingDay(from) ? from : nextTradingDay(from); d <= to; d = nextTradingDay(d)) out.push(d);
  return out;
}

/**
 * Refuses a session a signal cannot honestly be made for: a weekend or NYSE holiday, or a day past the session
 * after the last price (its window would silently reuse stale prices).
 */
export function checkSignalDay(day: string, lastPriceDay: string): void {
  if (!isTradingDay(day)) throw new NonRetryableError(`${day} is not an NYSE trading day`);
  const next = nextTradingDay(lastPriceDay);
  if (day > next) {
    throw new NonRetryableError(
      `${day} is past ${next}, the session after the last price (${lastPriceDay}): ingest prices first`,
    );
  }
}
