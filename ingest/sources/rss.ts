import { z } from 'zod';
import { decodeBody } from '../charset.js';
import { defineSource, type FetchResult, type Source, type SourceContext, sourceBase } from '../source.js';

export const rssOptions = sourceBase.extend({
  type: z.literal('rss'),
  url: z.url(),
  /** @default "news" */
  kind: z.enum(['news', 'filing']).default('news'),
  /** Fetch the page behind each new item and store its extracted text. @default false */
  fetchArticles: z.boolean().default(false),
  /** @default 20_000 */
  timeoutMs: z.number().int().positive().default(20_000),
});
export type RssOptions = z.infer<typeof rssOptions>;

/** An RSS/Atom feed fetched with a conditional GET (ETag / Last-Modified from the previous success). */
export class RssSource implements Source {
  readonly type = 'rss';
  readonly id: string;
  readonly url: string;
  constructor(private readonly options: RssOptions) {
    this.id = options.id;
    this.url = options.url;
  }

  async fetchNew(ctx: SourceContext): Promise<FetchResult> {
    const headers: Record<string, string> = {
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8',
    };
    if (ctx.state?.etag) headers['if-none-match'] = ctx.state.etag;
    if (ctx.state?.last_modified) headers['if-modified-since'] = ctx.state.last_modified;
    const res = await ctx.http.get(this.url, {
      headers,
      kind: 'feed',
      timeoutMs: this.options.timeoutMs,
      signal: ctx.signal,
    });
    if (res.notModified) return { items: [], notModified: true };
    const xml = decodeBody(res.body, res.headers.get('content-type'));
    const { parseFeed } = await import('../feed-parser.js');
    const items = await parseFeed(xml, {
      source: this.id,
      kind: this.options.kind,
      fetchArticles: this.options.fetchArticles,
    });
    return { items, state: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') } };
  }
}

export const rss = defineSource({ type: 'rss', schema: rssOptions, create: (options) => new RssSource(options) });
