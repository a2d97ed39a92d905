import { z } from 'zod';
import { NonRetryableError } from '../../core/errors.js';
import type { DocumentInput } from '../../db/documents.js';
import { cashtags } from '../social-text.js';
import {
  defineSource,
  getJson,
  type FetchResult,
  type Source,
  type SourceContext,
  sourceBase,
  toIsoUtc,
} from '../source.js';
import { gapWarning, pageBack } from '../page-back.js';

export const twitterOptions = sourceBase.extend({
  type: z.literal('twitter'),
  /** A recent-search query, e.g. "$AAPL OR $TSLA". */
  query: z.string().min(1),
  /** @default "https://api.twitter.com/2" */
  baseUrl: z.url().default('https://api.twitter.com/2'),
  /** Name of the environment variable holding the bearer token; the token itself never sits in the file. */
  bearerTokenEnv: z.string().default('FINSENT_TWITTER_BEARER'),
  /** Tweets per request (the API allows 10 to 100). @default 100 */
  maxResults: z.number().int().min(10).max(100).default(100),
  /** Pages read per run (`next_token`), newest first, until the tweets stored last run are reached. @default 10 */
  maxPages: z.number().int().min(1).max(50).default(10),
});
export type TwitterOptions = z.infer<typeof twitterOptions>;

/** A v1.1 status (SemEval's twitter_full.json, historical archives). Ids must be read from id_str. */
export interface TwitterV1Status {
  id_str: string;
  text?: string;
  full_text?: string;
  created_at: string;
  lang?: string;
  user?: { screen_name?: string };
  entities?: { symbols?: { text: string }[] };
}
/** A v2 tweet object from `GET /2/tweets/search/recent`. */
export interface TwitterV2Tweet {
  id: string;
  text: string;
  created_at?: string;
  author_id?: string;
  lang?: string;
  entities?: { cashtags?: { tag: string }[] };
}

export function twitterV1AsDocument(s: TwitterV1Status, source: string): DocumentInput {
  const text = s.full_text ?? s.text ?? '';
  const tags = s.entities?.symbols?.map((x) => x.text.toUpperCase()) ?? cashtags(text);
  return {
    source,
    key: s.id_str,
    kind: 'social',
    url: s.user?.screen_name ? `https://twitter.com/${s.user.screen_name}/status/${s.id_str}` : null,
    title: null,
    body: text,
    author: s.user?.screen_name ?? null,
    publishedAt: toIsoUtc(s.created_at),
    language: s.lang ?? null,
    extra: { platform: 'twitter' },
    tickers: tags.map((t) => ({ ticker: t, method: 'cashtag' as const })),
  };
}

export function twitterV2AsDocument(t: TwitterV2Tweet, source: string): DocumentInput {
  const tags = t.entities?.cashtags?.map((c) => c.tag.toUpperCase()) ?? cashtags(t.text);
  return {
    source,
    key: t.id,
    kind: 'social',
    url: `https://twitter.com/i/web/status/${t.id}`,
    title: null,
    body: t.text,
    author: t.author_id ?? null,
    publishedAt: toIsoUtc(t.created_at ?? null),
    language: t.lang ?? null,
    extra: { platform: 'twitter' },
    tickers: tags.map((x) => ({ ticker: x, method: 'cashtag' as const })),
  };
}

export function parseRecentSearch(
  json: unknown,
  source: string,
): { items: DocumentInput[]; newestId: string | null; nextToken: string | null } {
  const r = json as {
    data?: TwitterV2Tweet[];
    meta?: { newest_id?: string; result_count?: number; next_token?: string };
    errors?: { message: string }[];
  };
  if (!r || typeof r !== 'object' || (!r.data && !r.meta))
    throw new NonRetryableError(
      `twitter ${source}: unexpected response${r?.errors ? `: ${r.errors.map((e) => e.message).join('; ')}` : ''}`,
    );
  return {
    items: (r.data ?? []).map((t) => twitterV2AsDocument(t, source)),
    newestId: r.meta?.newest_id ?? null,
    nextToken: r.meta?.next_token ?? null,
  };
}

/** Whether tweet id `a` is newer than `b` (ids are 64-bit integers as strings; anything else is not a cursor). */
const isNewer = (a: string, b: string | null) => !b || !/^\d+$/.test(b) || (/^\d+$/.test(a) && BigInt(a) > BigInt(b));

/**
 * X/Twitter API v2 recent search with a bearer token; `since_id` from the stored cursor avoids refetching. A busy
 * query matches more than a page between runs, so each run follows `next_token` back to the stored cursor, up to
 * `maxPages`; when the pages run out first, the tweets in between may be missing, and the run says so.
 */
export class TwitterSource implements Source {
  readonly type = 'twitter';
  readonly id: string;
  private readonly query: string;
  private readonly baseUrl: string;
  private readonly tokenEnv: string;
  private readonly maxResults: number;
  private readonly maxPages: number;
  constructor(options: TwitterOptions) {
    this.id = options.id;
    this.query = options.query;
    this.baseUrl = options.baseUrl;
    this.tokenEnv = options.bearerTokenEnv;
    this.maxResults = options.maxResults;
    this.maxPages = options.maxPages;
  }
  private get endpoint() {
    return `${this.baseUrl}/tweets/search/recent`;
  }
  /** The search with its query: a changed query is another source, whose cursor starts afresh (see ensureSource). */
  get url() {
    return `${this.endpoint}?${new URLSearchParams({ query: this.query })}`;
  }

  async fetchNew(ctx: SourceContext): Promise<FetchResult> {
    const token = ctx.env[this.tokenEnv];
    if (!token)
      throw new NonRetryableError(`twitter ${this.id}: no bearer token; set the environment variable ${this.tokenEnv}`);
    const since = ctx.state?.cursor ?? null;
    let newest: string | null = since;
    const read = await pageBack<string>(this.maxPages, async (next) => {
      const page = await this.page(ctx, token, since, next);
      if (page.newestId && isNewer(page.newestId, newest)) newest = page.newestId;
      return { items: page.items, next: page.nextToken };
    });
    // `since_id` bounds the search, so only a spent page budget leaves tweets unread.
    const gap = since && read.stopped === 'budget' ? [gapWarning(read.pages, 'tweets')] : [];
    return { items: read.items, state: { cursor: newest }, warnings: gap };
  }

  private async page(ctx: SourceContext, token: string, since: string | null, next: string | null) {
    const q = new URLSearchParams({
      query: this.query,
      max_results: String(this.maxResults),
      'tweet.fields': 'created_at,author_id,lang,entities',
    });
    if (since) q.set('since_id', since);
    if (next) q.set('pagination_token', next);
    const json = await getJson(ctx, `${this.endpoint}?${q}`, `twitter ${this.id}`, {
      authorization: `Bearer ${token}`,
    });
    return parseRecentSearch(json, this.id);
  }
}

export const twitter = defineSource({
  type: 'twitter',
  schema: twitterOptions,
  create: (options) => new TwitterSource(options),
});
