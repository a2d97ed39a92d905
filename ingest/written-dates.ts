import { isCalendarDay, isPlausiblePublication } from '../core/days.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(${MONTHS.join('|')})[a-z]*\\.?`;
/**
 * ISO 8601's `2015-02-30` (and the `2015/2/30`, `2015.02.30` that Date reads alike), the US `2/30/2015`, RFC 822's
 * `30 Feb 2015` (feeds, e-mail) and English `Feb 30, 2015`.
 */
const YEAR_FIRST = /^\s*(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/;
const US_SLASHED = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/;
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, 'i');

const day = (year: string, month: number | string, dayOfMonth: string) =>
  `${year}-${String(month).padStart(2, '0')}-${dayOfMonth.padStart(2, '0')}`;

/**
 * Whether a date string names a day that no calendar has (`2015-02-30`, `31 Apr 2015`). JavaScript's Date reads
 * such a day as one in the next month (2015-03-02), so a typo or a broken feed would store a document under a day
 * it was not published on; the caller treats the string as unreadable instead.
 */
export function writesImpossibleDay(text: string): boolean {
  const ymd = YEAR_FIRST.exec(text);
  if (ymd) return !isCalendarDay(day(ymd[1], ymd[3], ymd[4]));
  const us = US_SLASHED.exec(text);
  if (us) return !isCalendarDay(day(us[3], us[1], us[2]));
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return !isCalendarDay(day(dmy[3], MONTHS.indexOf(dmy[2].toLowerCase()) + 1, dmy[1]));
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) return !isCalendarDay(day(mdy[3], MONTHS.indexOf(mdy[1].toLowerCase()) + 1, mdy[2]));
  return false;
}

/**
 * A publication instant as ISO UTC, or null where it is unreadable, names a day no calendar has
 * (`writesImpossibleDay`) or cannot be a publication time (`isPlausiblePublication`). Every source, importer and
 * the article page's metadata read their dates through it.
 */
export function publicationInstant(value: string | number | null | undefined): string | null {
  if (value == null || value === '') return null;
  if (typeof value === 'string' && writesImpossibleDay(value)) return null;
  const d = typeof value === 'number' ? new Date(value) : new Date(value.trim());
  return Number.isNaN(d.getTime()) || !isPlausiblePublication(d.getTime()) ? null : d.toISOString();
}
