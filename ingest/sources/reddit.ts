import { z } from 'zod';
import { NonRetryableError } from '../../core/errors.js';
import type { DocumentInput } from '../../db/documents.js';
import { decodeBody } from '../charset.js';
import {
  cleanText,
  defineSource,
  type FetchResult,
  type Source,
  type SourceContext,
  sourceBase,
  toIsoUtc,
} from '../source.js';

export const redditOptions = sourceBase.extend({
  type: z.literal('reddit'),
  subreddit: z.string().min(1),
  /** @default "https://www.reddit.com" */
  baseUrl: z.url().default('https://www.reddit.com'),
  /** Posts per listing request (Reddit's maximum is 100). @default 100 */
  limit: z.number().int().min(1).max(100).default(100),
});
export type RedditOptions = z.infer<typeof redditOptions>;

/** One post (`kind: "t3"`) from a Reddit listing, as documented for `/r/<sub>/new.json`. */
export interface RedditPost {
  id: string;
  name?: string;
  title: string;
  selftext?: string;
  author?: string;
  created_utc: number;
  permalink?: string;
  url?: string;
  subreddit?: string;
  score?: number;
  num_comments?: number;
}

export function redditPostAsDocument(p: RedditPost, source: string): DocumentInput {
  return {
    source,
    key: p.id,
    kind: 'social',
    url: p.permalink ? `https://www.reddit.com${p.permalink}` : (p.url ?? null),
    title: cleanText(p.title),
    body: p.selftext?.trim() || null,
    author: p.author ?? null,
    publishedAt: toIsoUtc(p.created_utc * 1000),
    extra: {
      subreddit: p.subreddit ?? null,
      score: p.score ?? null,
      comments: p.num_comments ?? null,
      link: p.url ?? null,
    },
  };
}

export function parseRedditListing(json: unknown, source: string): DocumentInput[] {
  const listing = json as { kind?: string; data?: { children?: { kind: string; data: RedditPost }[] } };
  if (listing?.kind !== 'Listing' || !Array.isArray(listing.data?.children)) {
    throw new NonRetryableError(`reddit ${source}: response is not a Listing`);
  }
  return listing.data!.children!.filter((c) => c.kind === 't3').map((c) => redditPostAsDocument(c.data, source));
}

export class RedditSource implements Source {
  readonly type = 'reddit';
  readonly url: string;
  readonly id: string;
  constructor(options: RedditOptions) {
    this.id = options.id;
    const base = options.baseUrl.replace(/\/$/, '');
    this.url = `${base}/r/${encodeURIComponent(options.subreddit)}/new.json?limit=${options.limit}&raw_json=1`;
  }

  async fetchNew(ctx: SourceContext): Promise<FetchResult> {
    const res = await ctx.http.get(this.url, { headers: { accept: 'application/json' }, signal: ctx.signal });
    let json: unknown;
    try {
      json = JSON.parse(decodeBody(res.body, res.headers.get('content-type')));
    } catch (cause) {
      throw new NonRetryableError(`reddit ${this.id}: response is not JSON (${(cause as Error).message})`, { cause });
    }
    return { items: parseRedditListing(json, this.id) };
  }
}

export const reddit = defineSource({
  type: 'reddit',
  schema: redditOptions,
  create: (options) => new RedditSource(options),
});
