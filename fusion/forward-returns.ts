import { sessionBars } from '../db/prices.js';
import type { DB } from '../db/store.js';

/**
 * How a signal for session d is turned into a return. "open-close" is what can be traded with a signal made
 * overnight: buy at d's open, sell at the close h − 1 sessions later. "close-close" is the textbook
 * adjusted-close return from d − 1 to d + h − 1, which needs the position before d's signal could exist.
 */
export type ReturnBasis = 'open-close' | 'close-close';

/** Forward returns per ticker and session, for the horizons asked, computed once from the price table. */
export class ForwardReturns {
  private readonly byTicker = new Map<string, Map<string, number[]>>();

  constructor(
    db: DB,
    tickers: Iterable<string>,
    readonly horizons: readonly number[],
    readonly basis: ReturnBasis,
  ) {
    for (const t of tickers) {
      const bars = sessionBars(db, t);
      const out = new Map<string, number[]>();
      for (let i = 0; i < bars.length; i++) {
        out.set(
          bars[i].day,
          horizons.map((h) => {
            const last = bars[i + h - 1];
            if (!last) return Number.NaN;
            if (basis === 'close-close') return i > 0 ? last.adj_close / bars[i - 1].adj_close - 1 : Number.NaN;
            const open = bars[i].open;
            // Raw open and close of the same sessions: adjust the open by the day's adjustment factor.
            const factor = bars[i].adj_close / bars[i].close;
            return open ? last.adj_close / (open * factor) - 1 : Number.NaN;
          }),
        );
      }
      this.byTicker.set(t, out);
    }
  }

  /** The return at horizon index `k` of `ticker` from session `day`; NaN where prices are missing. */
  get(ticker: string, day: string, k: number): number {
    return this.byTicker.get(ticker)?.get(day)?.[k] ?? Number.NaN;
  }
}
