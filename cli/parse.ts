import { InvalidArgumentError } from 'commander';

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
  const d = new Date(`${v}T00:00:00Z`);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  if (!ok) throw new InvalidArgumentError(`not a date (YYYY-MM-DD): ${v}`);
  return v;
}

/** Kept separate from `day` so a bad date in a file or config names its source. */
export function isDay(v: string): boolean {
  try {
    day(v);
    return true;
  } catch {
    return false;
  }
}
