import Parser from 'rss-parser';
import { NonRetryableError } from '../core/errors.js';
import type { DocKind, DocumentInput } from '../db/documents.js';
import { htmlToText } from './html-text.js';
import { cleanText, normaliseUrl, toIsoUtc } from './source.js';

type Item = Record<string, any>;

const parser = new Parser<Record<string, unknown>, Item>({
  customFields: {
    feed: ['company-info'] as never,
    item: [
      ['feedburner:origLink', 'origLink'],
      ['edgar:xbrlFiling', 'xbrlFiling'],
      ['dc:creator', 'creator'],
      'category',
      'updated',
      'summary',
      ['content', 'atomContent'],
    ] as never,
  },
  xml2js: { strict: true } as never,
});

function first(v: unknown): any {
  return Array.isArray(v)
    ? first(v[0])
    : v && typeof v === 'object' && '_' in (v as object)
      ? (v as { _: unknown })._
      : v;
}

/** The SEC CIK of a filing, from the EDGAR RSS extension or the Atom feed's company-info block. */
function cikOf(item: Item, feed: Record<string, any>): string | null {
  const x = item.xbrlFiling;
  const fromItem = x ? first(x['edgar:cikNumber']) : null;
  const fromFeed = feed['company-info'] ? first(feed['company-info'].cik) : null;
  const cik = fromItem ?? fromFeed;
  return cik ? String(cik).replace(/^0+/, '') : null;
}

/** The filer's name on an SEC filing: EDGAR RSS names it per item, a company's Atom feed once for all. */
function filerOf(item: Item, feed: Record<string, any>): string | null {
  const x = item.xbrlFiling;
  const name = (x ? first(x['edgar:companyName']) : null) ?? first(feed['company-info']?.['conformed-name']);
  return cleanText(name ? String(name) : null);
}

/**
 * An item's dedup key: its guid (Atom: id) when it has one, since feeds reuse one link for many items (a
 * podcast's home page, a "read more" URL); else its link. URL-shaped guids are normalised like links.
 */
function itemKey(item: Item, link: unknown): string | null {
  const guid = cleanText(String(first(item.guid) ?? first(item.id) ?? ''));
  if (guid) return /^https?:\/\//i.test(guid) ? normaliseUrl(guid) : guid;
  return link ? normaliseUrl(String(link)) : null;
}

/**
 * Parses an RSS 2.0 or Atom document into documents. Throws NonRetryableError with the parser's position
 * for a malformed feed, so the run records it as this feed's error and carries on with the others.
 */
export async function parseFeed(
  xml: string,
  opts: { source: string; kind: DocKind; fetchArticles?: boolean },
): Promise<DocumentInput[]> {
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml);
  } catch (cause) {
    throw new NonRetryableError(
      `feed ${opts.source} is not a valid RSS/Atom document: ${(cause as Error).message.split('\n').join(' ')}`,
      { cause },
    );
  }
  const out: DocumentInput[] = [];
  for (const item of feed.items ?? []) {
    const link = first(item.origLink) ?? item.link ?? null;
    const key = itemKey(item, link);
    if (!key) continue;
    const cik = cikOf(item, feed as Record<string, any>);
    const filer = cik ? filerOf(item, feed as Record<string, any>) : null;
    const x = item.xbrlFiling;
    const formType = x ? first(x['edgar:formType']) : (first(item.category)?.$?.term ?? null);
    // Atom's summary is the human text; EDGAR's Atom <content> is an XML record, so it only comes last.
    // content:encoded is the full story where a feed has it; the description is then only its teaser.
    const summary =
      htmlToText(first(item['content:encoded'])) ??
      htmlToText(first(item.summary)) ??
      item.contentSnippet ??
      htmlToText(item.content) ??
      null;
    out.push({
      source: opts.source,
      key: String(key),
      kind: opts.kind,
      url: link ? String(link) : null,
      title: cleanText(item.title),
      body: htmlToText(summary),
      author: cleanText(item.creator ?? item.author),
      // rss-parser's isoDate is Date's reading of the written date, which moves an impossible day into the next
      // month; the written date decides whether there is one.
      publishedAt: toIsoUtc(item.pubDate ?? (item as any).date ?? item.isoDate ?? first(item.updated)),
      language: cleanText((feed as any).language) ?? null,
      extra: {
        guid: item.guid ?? item.id ?? null,
        ...(cik ? { cik } : {}),
        ...(filer ? { filer } : {}),
        ...(formType ? { formType } : {}),
      },
      wantArticle: opts.fetchArticles ?? false,
    });
  }
  return out;
}
