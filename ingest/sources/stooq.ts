import { z } from 'zod';
import type { PriceRow } from '../../db/prices.js';
import { eachSymbol } from '../per-symbol.js';
import {
  defineSource,
  type FetchResult,
  marketSymbol,
  type Source,
  type SourceContext,
  sourceBase,
} from '../source.js';

export const stooqOptions = sourceBase.extend({
  type: z.literal('stooq'),
  /** @default "https://stooq.com" */
  baseUrl: z.url().default('https://stooq.com'),
  /** Tickers to fetch daily bars for. @default [] */
  symbols: z.array(marketSymbol).default([]),
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
    const { results, failures } = await eachSymbol(
      this.symbols,
      async (sym) => {
        const res = await ctx.http.get(
          `${this.baseUrl.replace(/\/$/, '')}/q/d/l/?s=${encodeURIComponent(sym.toLowerCase())}.us&i=d`,
          { signal: ctx.signal },
        );
        return parsePriceCsv(res.body.toString('utf8'), sym.toUpperCase());
      },
      ctx.signal,
    );
    const prices: PriceRow[] = results.flatMap((r) => r.value.rows);
    const skipped = results.reduce((n, r) => n + r.value.skipped, 0);
    return { items: [], prices, warnings: failures, skipped };
  }
}

export const stooq = defineSource({
  type: 'stooq',
  schema: stooqOptions,
  create: (options) => new StooqSource(options),
});
