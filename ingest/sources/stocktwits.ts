import { z } from 'zod';
import { NonRetryableError } from '../../core/errors.js';
import type { DocumentInput } from '../../db/documents.js';
import { eachSymbol } from '../per-symbol.js';
import {
  defineSource,
  getJson,
  type FetchResult,
  marketSymbol,
  type Source,
  type SourceContext,
  sourceBase,
  toIsoUtc,
} from '../source.js';
import { gapWarning, pageBack } from '../page-back.js';

export const stocktwitsOptions = sourceBase.extend({
  type: z.literal('stocktwits'),
  /** Symbols whose streams to read. */
  symbols: z.array(marketSymbol).min(1),
  /** @default "https://api.stocktwits.com/api/2" */
  baseUrl: z.url().default('https://api.stocktwits.com/api/2'),
  /** Messages per request (the API's maximum is 30). @default 30 */
  limit: z.number().int().min(1).max(30).default(30),
  /** Pages read per symbol and run, newest first, until the messages stored last run are reached. @default 10 */
  maxPages: z.number().int().min(1).max(50).default(10),
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

/**
 * A `streams/symbol` response: `{ symbol, cursor: { since, max, more }, messages: [...] }`. `since` is the newest
 * id on the page, `oldest` the oldest, and `more` whether older messages than the page's are there to be read.
 */
export function parseStockTwitsStream(
  json: unknown,
  source: string,
): { items: DocumentInput[]; since: number | null; oldest: number | null; more: boolean } {
  const r = json as {
    response?: { status?: number };
    messages?: StockTwitsMessage[];
    cursor?: { since?: number; more?: boolean };
  };
  if (!Array.isArray(r?.messages)) throw new NonRetryableError(`stocktwits ${source}: response has no messages array`);
  const ids = r.messages.map((m) => m.id);
  const since = r.cursor?.since ?? (ids.length ? Math.max(...ids) : null);
  return {
    items: r.messages.map((m) => stockTwitsAsDocument(m, source)),
    since,
    oldest: ids.length ? Math.min(...ids) : null,
    more: !!r.cursor?.more && ids.length > 0,
  };
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

/**
 * One source covering several symbol streams; the cursor keeps the newest message id per symbol. A stream answers
 * 30 messages a request, newest first, and an active symbol gets more than that between nightly runs, so each run
 * reads pages back (`max`) until it reaches the messages stored last run (`since`), up to `maxPages`; when the pages
 * run out first, the symbol's messages in between may be missing, and the run says so.
 */
export class StockTwitsSource implements Source {
  readonly type = 'stocktwits';
  readonly id: string;
  private readonly symbols: string[];
  private readonly baseUrl: string;
  private readonly limit: number;
  private readonly maxPages: number;
  constructor(options: StocktwitsOptions) {
    this.id = options.id;
    this.symbols = options.symbols;
    this.baseUrl = options.baseUrl;
    this.limit = options.limit;
    this.maxPages = options.maxPages;
  }

  private async page(ctx: SourceContext, sym: string, since: number | undefined, max: number | null) {
    const q = new URLSearchParams({ limit: String(this.limit) });
    if (since) q.set('since', String(since));
    if (max !== null) q.set('max', String(max));
    const url = `${this.baseUrl.replace(/\/$/, '')}/streams/symbol/${encodeURIComponent(sym)}.json?${q}`;
    const json = await getJson(ctx, url, `stocktwits ${this.id}/${sym}`);
    return parseStockTwitsStream(json, this.id);
  }

  /** A symbol's messages since `since`, newest page first; `gap` when the page budget ran out before `since`. */
  private async stream(ctx: SourceContext, sym: string, since: number | undefined) {
    let newest = since ?? 0;
    const read = await pageBack<number>(this.maxPages, async (max) => {
      const page = await this.page(ctx, sym, since, max);
      newest = Math.max(newest, page.since ?? 0);
      return { items: page.items, next: page.more && page.oldest !== null ? page.oldest - 1 : null };
    });
    return { items: read.items, newest, gap: since && read.stopped === 'budget' ? read.pages : 0 };
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
      (sym) => this.stream(ctx, sym, cursor[sym]),
      ctx.signal,
    );
    const items: DocumentInput[] = [];
    const warnings = [...failures];
    for (const { symbol, value } of results) {
      items.push(...value.items);
      if (value.newest) cursor[symbol] = value.newest;
      if (value.gap) warnings.push(`${symbol}: ${gapWarning(value.gap, 'messages')}`);
    }
    return { items, state: { cursor: JSON.stringify(cursor) }, warnings };
  }
}

export const stocktwits = defineSource({
  type: 'stocktwits',
  schema: stocktwitsOptions,
  create: (options) => new StockTwitsSource(options),
});
