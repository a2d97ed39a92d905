import { NonRetryableError } from '../core/errors.js';
import { decodeBody } from './charset.js';
import { publicationInstant } from './written-dates.js';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import type { HttpClient } from '../core/http.js';
import type { Logger } from '../core/log.js';
import type { DocumentInput } from '../db/documents.js';
import type { PriceRow } from '../db/prices.js';
import type { SourceState } from '../db/sources.js';

export interface SourceContext {
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  /** What the store remembers of this source: ETag, Last-Modified, cursor. */
  state?: SourceState;
  /** Environment for secrets (API tokens); passed in from the entry point, never read here. */
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

export interface FetchResult {
  items: DocumentInput[];
  prices?: PriceRow[];
  state?: { etag?: string | null; lastModified?: string | null; cursor?: string | null };
  notModified?: boolean;
  /** Parts of the source that failed while the rest landed (one line each, e.g. `XYZ: 404`). */
  warnings?: string[];
  /** Rows the source sent that could not be stored (a price row with no close or no calendar date). */
  skipped?: number;
}

/** Every ingest source is a plug-in with this shape: a new source is one new file. */
export interface Source {
  readonly id: string;
  readonly type: string;
  readonly url?: string;
  fetchNew(ctx: SourceContext): Promise<FetchResult>;
}

/** Fields every source's config has. */
/**
 * A market symbol as feeds and price APIs take it (AAPL, BRK.B, BF-B, BTC.X, ^SPX): anything else (a space, ";", "/")
 * is a typo that would be sent in a URL and fail on every run.
 */
export const marketSymbol = z.string().regex(/^[A-Za-z0-9^._-]{1,20}$/, 'a symbol: 1-20 letters, digits or ^ . _ -');

export const sourceBase = z.strictObject({
  /** Unique id; documents are filed under it. */
  id: z
    .string()
    .min(1)
    .regex(/^[a-z0-9_.:-]+$/i, 'letters, digits, _ . : - only'),
  /** @default true */
  enabled: z.boolean().default(true),
});

/**
 * A source plug-in: its config schema (a `type` literal plus its own fields, each with its default) and the
 * factory that builds the source from a parsed config. The registry in `ingest/sources/index.ts` lists them.
 */
export interface SourcePlugin<S extends z.ZodObject = z.ZodObject> {
  readonly type: string;
  readonly schema: S;
  create(options: z.infer<S>): Source;
}

export function defineSource<S extends z.ZodObject>(plugin: SourcePlugin<S>): SourcePlugin<S> {
  return plugin;
}

/**
 * GETs an API URL and parses its JSON body (in the charset its headers name). A body that is not JSON is a
 * NonRetryableError naming `what` (e.g. "reddit wsb"), since asking again returns the same page.
 */
export async function getJson(
  ctx: SourceContext,
  url: string,
  what: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await ctx.http.get(url, { headers, signal: ctx.signal });
  try {
    return JSON.parse(decodeBody(res.body, res.headers.get('content-type')));
  } catch (cause) {
    throw new NonRetryableError(`${what}: response is not JSON (${(cause as Error).message})`, { cause });
  }
}

/** Strips tracking parameters and fragments so the same article always gets the same key. */
export function normaliseUrl(raw: string): string {
  try {
    const u = new URL(raw.trim());
    u.hash = '';
    u.hostname = u.hostname.toLowerCase();
    for (const k of [...u.searchParams.keys()]) {
      if (/^(utm_|fbclid$|gclid$|feedType$|feedName$|mod$|cmpid$)/i.test(k)) u.searchParams.delete(k);
    }
    return u.toString();
  } catch {
    return raw.trim();
  }
}

/** Collapses runs of whitespace and trims: feed titles arrive with leading spaces and newlines. */
export function cleanText(s: string | null | undefined): string | null {
  if (s == null) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t || null;
}

/** A publication instant as ISO UTC, or null (`publicationInstant`). */
export const toIsoUtc = publicationInstant;
