import { z } from 'zod';
import { NonRetryableError } from '../../core/errors.js';
import type { DocumentInput } from '../../db/documents.js';
import { decodeBody } from '../charset.js';
import { eachSymbol } from '../per-symbol.js';
import { defineSource, type FetchResult, type Source, type SourceContext, sourceBase, toIsoUtc } from '../source.js';

export const stocktwitsOptions = sourceBase.extend({
  type: z.literal('stocktwits'),
  /** Symbols whose streams to read. */
  symbols: z.array(z.string().min(1)).min(1),
  /** @default "https://api.stocktwits.com/api/2" */
  baseUrl: z.url().default('https://api.stocktwits.com/api/2'),
});
export type StocktwitsOptions = z.infer<typeof stocktwitsOptions>;

/** A StockTwits API v2 message object (the shape in `streams/symbol/<S>.json` and SemEval's *_full.json). */
export interface StockTwitsMessage {
  id: number;
  body: string;
  created_at: string;
  user?: { id: number; username?: string };
  symbols?: { symbol: string }[];
  entities?: { sentiment?: { basic?: 'Bullish' | 'Bearish' } | null };
}

export function stockTwitsAsDocument(m: StockTwitsMessage, source: string): DocumentInput {
  return {
    source,
    key: String(m.id),
    kind: 'social',
    url: m.user?.username ? `https://stocktwits.com/${m.user.username}/message/${m.id}` : null,
    title: null,
    body: m.body,
    author: m.user?.username ?? null,
    publishedAt: toIsoUtc(m.created_at),
    extra: { platform: 'stocktwits', userSentiment: m.entities?.sentiment?.basic ?? null },
    tickers: (m.symbols ?? []).map((s) => ({ ticker: s.symbol.toUpperCase(), method: 'source' as const })),
  };
}

/** A `streams/symbol` response: `{ symbol, cursor: { since, max, more }, messages: [...] }`. */
export function parseStockTwitsStream(json: unknown, source: string): { items: DocumentInput[]; since: number | null } {
  const r = json as { response?: { status?: number }; messages?: StockTwitsMessage[]; cursor?: { since?: number } };
  if (!Array.isArray(r?.messages)) throw new NonRetryableError(`stocktwits ${source}: response has no messages array`);
  const since = r.cursor?.since ?? (r.messages.length ? Math.max(...r.messages.map((m) => m.id)) : null);
  return { items: r.messages.map((m) => stockTwitsAsDocument(m, source)), since };
}

/**
 * The stored cursor, `{ SYMBOL: newest id }`. One that is not such an object (a hand-edited or damaged row) starts
 * the streams afresh, which costs only already-stored messages, instead of failing the source on every run.
 */
function readCursor(stored: string | null, onUnreadable: () => void): Record<string, number> {
  if (!stored) return {};
  try {
    const parsed: unknown = JSON.parse(stored);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return Object.fromEntries(Object.entries(parsed).filter(([, id]) => Number.isSafeInteger(id))) as Record<
        string,
        number
      >;
  } catch {
    // falls through to a fresh start
  }
  onUnreadable();
  return {};
}

/** One source covering several symbol streams; the cursor keeps the newest message id per symbol. */
export class StockTwitsSource implements Source {
  readonly type = 'stocktwits';
  readonly id: string;
  private readonly symbols: string[];
  private readonly baseUrl: string;
  constructor(options: StocktwitsOptions) {
    this.id = options.id;
    this.symbols = options.symbols;
    this.baseUrl = options.baseUrl;
  }
  get url() {
    return `${this.baseUrl}/streams/symbol`;
  }

  async fetchNew(ctx: SourceContext): Promise<FetchResult> {
    const cursor = readCursor(ctx.state?.cursor ?? null, () =>
      ctx.logger.warn({ source: this.id, cursor: ctx.state?.cursor }, 'unreadable cursor: reading the streams afresh'),
    );
    // A symbol that fails keeps its old cursor, so its messages are fetched on the next run.
    const { results, failures } = await eachSymbol(
      this.symbols,
      async (sym) => {
        const since = cursor[sym] ? `?since=${cursor[sym]}` : '';
        const res = await ctx.http.get(
          `${this.baseUrl.replace(/\/$/, '')}/streams/symbol/${encodeURIComponent(sym)}.json${since}`,
          { signal: ctx.signal },
        );
        let json: unknown;
        try {
          json = JSON.parse(decodeBody(res.body, res.headers.get('content-type')));
        } catch (cause) {
          throw new NonRetryableError(`stocktwits ${this.id}/${sym}: response is not JSON`, { cause });
        }
        return parseStockTwitsStream(json, this.id);
      },
      ctx.signal,
    );
    const items: DocumentInput[] = [];
    for (const { symbol, value: page } of results) {
      items.push(...page.items);
      if (page.since) cursor[symbol] = Math.max(cursor[symbol] ?? 0, page.since);
    }
    return { items, state: { cursor: JSON.stringify(cursor) }, warnings: failures };
  }
}

export const stocktwits = defineSource({
  type: 'stocktwits',
  schema: stocktwitsOptions,
  create: (options) => new StockTwitsSource(options),
});
