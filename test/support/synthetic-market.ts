import type { PriceRow } from '../../db/prices.js';

export interface SyntheticMarketOptions {
  /** Largest overnight gap, as a fraction of the previous close (uniform in ±gap/2). */
  gap: number;
  /** Largest open-to-close move (uniform in ±move/2). */
  move: number;
  volume?: number;
}

/**
 * Random daily bars per ticker: a start price in [50, 100), then per session an overnight gap and an intraday
 * move. Draw order (start, then gap and move per session) is fixed, so a seed gives the same market everywhere.
 */
export function syntheticBars(
  tickers: string[],
  days: string[],
  random: () => number,
  options: SyntheticMarketOptions,
): PriceRow[][] {
  return tickers.map((ticker) => {
    let close = 50 + random() * 50;
    return days.map((day) => {
      const open = close * (1 + (random() - 0.5) * options.gap);
      close = open * (1 + (random() - 0.5) * options.move);
      const high = Math.max(open, close);
      const low = Math.min(open, close);
      return { ticker, day, open, high, low, close, adj_close: close, volume: options.volume ?? 1e6 };
    });
  });
}
