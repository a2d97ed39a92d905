import { InvalidArgumentError } from 'commander';
import { isCalendarDay } from '../core/days.js';
import { TICKER_SYMBOL } from '../core/tickers.js';

/** Argument parsers for commander: a bad value is refused at parse time with a one-line message. */
export function int(options: { min?: number; max?: number } = {}) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`not an integer: ${v}`);
    if (options.min !== undefined && n < options.min)
      throw new InvalidArgumentError(`must be at least ${options.min}, got ${v}`);
    if (options.max !== undefined && n > options.max)
      throw new InvalidArgumentError(`must be at most ${options.max}, got ${v}`);
    return n;
  };
}

export function num(options: { min?: number; max?: number } = {}) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`not a number: ${v}`);
    if (options.min !== undefined && n < options.min)
      throw new InvalidArgumentError(`must be at least ${options.min}, got ${v}`);
    if (options.max !== undefined && n > options.max)
      throw new InvalidArgumentError(`must be at most ${options.max}, got ${v}`);
    return n;
  };
}

/** A calendar date YYYY-MM-DD that exists (2015-02-30 is refused). */
export function day(v: string): string {
  if (!isCalendarDay(v)) throw new InvalidArgumentError(`not a date (YYYY-MM-DD): ${v}`);
  return v;
}

/** A ticker filter, upper-cased; an empty one (an unset shell variable) is refused, not read as every ticker. */
export function ticker(v: string): string {
  if (!TICKER_SYMBOL.test(v)) throw new InvalidArgumentError(`not a ticker (letters, "." or "-", 1-10): '${v}'`);
  return v.toUpperCase();
}

/** A filter or name that may not be empty: '' from an unset shell variable would otherwise mean "none given". */
export function nonEmpty(v: string): string {
  if (!v.trim()) throw new InvalidArgumentError('must not be empty');
  return v;
}
