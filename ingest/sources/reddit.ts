import { z } from 'zod';
import { NonRetryableError } from '../../core/errors.js';
import type { DocumentInput } from '../../db/documents.js';
import {
  cleanText,
  defineSource,
  getJson,
  type FetchResult,
  type Source,
  type SourceContext,
  sourceBase,
  toIsoUtc,
} from '../source.js';
import { gapWarning, pageBack } from '../page-back.js';

export const redditOptions = sourceBase.extend({
  type: z.literal('reddit'),
  /** The name without "r/" (Reddit's rule: 2-21 letters, digits or _). */
  subreddit: z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'a subreddit name without r/: 2-21 letters, digits or _'),
  /** @default "https://www.reddit.com" */
  baseUrl: z.url().default('https://www.reddit.com'),
  /** Posts per listing request (Reddit's maximum is 100). @default 100 */
  limit: z.number().int().min(1).max(100).default(100),
  /**
   * Listing pages read per run, newest first, until the posts stored last run are reached (Reddit lists about
   * 1,000 posts deep: 10 pages of 100). @default 10
   */
  maxPages: z.number().int().min(1).max(50).default(10),
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

/** One page of a listing: its posts as documents, their creation times, and the `after` cursor of the next page. */
export function parseRedditPage(
  json: unknown,
  source: string,
): { items: DocumentInput[]; created: number[]; after: string | null } {
  const listing = json as {
    kind?: string;
    data?: { after?: string | null; children?: { kind: string; data: RedditPost }[] };
  };
  if (listing?.kind !== 'Listing' || !Array.isArray(listing.data?.children)) {
    throw new NonRetryableError(`reddit ${source}: response is not a Listing`);
  }
  const posts = listing.data!.children!.filter((c) => c.kind === 't3').map((c) => c.data);
  return {
    items: posts.map((p) => redditPostAsDocument(p, source)),
    created: posts.map((p) => p.created_utc),
    after: listing.data!.after ?? null,
  };
}

export function parseRedditListing(json: unknown, source: string): DocumentInput[] {
  return parseRedditPage(json, source).items;
}

/**
 * A subreddit's newest posts. One page of a busy subreddit holds an hour or less, so each run reads pages back
 * (`after`) until it reaches the posts stored last run; the cursor is the newest post's creation time. When the
 * listing runs out of pages first, the posts between may be missing, and the run says so as a warning.
 */
export class RedditSource implements Source {
  readonly type = 'reddit';
  readonly url: string;
  readonly id: string;
  private readonly maxPages: number;
  constructor(options: RedditOptions) {
    this.id = options.id;
    this.maxPages = options.maxPages;
    const base = options.baseUrl.replace(/\/$/, '');
    this.url = `${base}/r/${encodeURIComponent(options.subreddit)}/new.json?limit=${options.limit}&raw_json=1`;
  }

  private async page(ctx: SourceContext, after: string | null) {
    const url = after ? `${this.url}&after=${encodeURIComponent(after)}` : this.url;
    return parseRedditPage(await getJson(ctx, url, `reddit ${this.id}`, { accept: 'application/json' }), this.id);
  }

  async fetchNew(ctx: SourceContext): Promise<FetchResult> {
    const stored = Number(ctx.state?.cursor);
    const known = Number.isFinite(stored) && stored > 0 ? stored : null;
    const keys = new Set<string>();
    let newest = known ?? 0;
    const read = await pageBack<string>(this.maxPages, async (after) => {
      const page = await this.page(ctx, after);
      const fresh = page.items.filter((d) => !keys.has(d.key));
      // A listing that repeats itself (or is empty) has nothing further to give.
      if (!fresh.length) return { items: [], next: null };
      for (const d of fresh) keys.add(d.key);
      newest = Math.max(newest, ...page.created);
      // A post as old as the newest stored one was stored last run: everything older was too.
      const reachedStored = known !== null && page.created.some((t) => t <= known);
      return { items: fresh, next: page.after, reachedStored };
    });
    // Reddit has no `since`: a listing that runs out before the stored posts left a gap, as a spent budget does.
    const gap = known !== null && read.stopped !== 'reached' ? [gapWarning(read.pages, 'posts')] : [];
    return { items: read.items, state: { cursor: newest ? String(newest) : null }, warnings: gap };
  }
}

export const reddit = defineSource({
  type: 'reddit',
  schema: redditOptions,
  create: (options) => new RedditSource(options),
});
