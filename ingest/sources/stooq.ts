import { z } from 'zod';
import type { PriceRow } from '../../db/prices.js';
import { defineSource, type FetchResult, type Source, type SourceContext, sourceBase } from '../source.js';

export const stooqOptions = sourceBase.extend({
  type: z.literal('stooq'),
  /** @default "https://stooq.com" */
  baseUrl: z.url().default('https://stooq.com'),
  /** Tickers to fetch daily bars for. @default [] */
  symbols: z.array(z.string()).default([]),
});
export type StooqOptions = z.infer<typeof stooqOptions>;

/** Stooq's free daily CSV (`/q/d/l/?s=aapl.us&i=d`) for each configured symbol. */
export class StooqSource implements Source {
  readonly type = 'stooq';
  readonly id: string;
  private readonly symbols: string[];
  private readonly baseUrl: string;
  constructor(options: StooqOptions) {
    this.id = options.id;
    this.symbols = options.symbols;
    this.baseUrl = options.baseUrl;
  }
  get url() {
    return `${this.baseUrl}/q/d/l/`;
  }

  async fetchNew(ctx: SourceContext): Promise<FetchResult> {
    const { parsePriceCsv } = await import('../price-csv.js');
    const prices: PriceRow[] = [];
    for (const sym of this.symbols) {
      const res = await ctx.http.get(
        `${this.baseUrl.replace(/\/$/, '')}/q/d/l/?s=${encodeURIComponent(sym.toLowerCase())}.us&i=d`,
        { signal: ctx.signal },
      );
      prices.push(...parsePriceCsv(res.body.toString('utf8'), sym.toUpperCase()).rows);
    }
    return { items: [], prices };
  }
}

export const stooq = defineSource({
  type: 'stooq',
  schema: stooqOptions,
  create: (options) => new StooqSource(options),
});
