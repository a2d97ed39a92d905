import type { CheerioAPI } from 'cheerio';
import { metaValue } from './article-meta.js';

const clean = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() || null : null);
const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Share of a candidate's words that must be in the page's `<title>`. */
const AGREEMENT = 0.5;
/** Share of the cleaned `<title>`'s words the candidate must hold, so that a bare site name does not agree. */
const COVERAGE = 1 / 3;

function agrees(candidate: string, rawTitle: string, pageTitle: string): boolean {
  const own = words(candidate);
  const inRaw = new Set(words(rawTitle));
  const ownSet = new Set(own);
  const cleaned = words(pageTitle);
  return (
    own.length > 0 &&
    own.filter((w) => inRaw.has(w)).length >= AGREEMENT * own.length &&
    cleaned.filter((w) => ownSet.has(w)).length >= COVERAGE * cleaned.length
  );
}

/**
 * The page's `<title>` without a trailing site name: the part before the last " | ", " - ", " – ", " — ", " · " or
 * " » " when that leaves three words or more (after Readability's rule), else the whole title.
 */
function cleanPageTitle(raw: string): string {
  const cut = raw.replace(/^(.*)\s[|\-–—·»]\s.*$/, '$1').trim();
  return words(cut).length >= 3 ? cut : raw;
}

/**
 * The article's title. Structured data comes first (JSON-LD headline, then Open Graph, Twitter, Parse.ly,
 * Sailthru and plain meta titles), then the first `<h1>`, but a candidate is taken only when it agrees with
 * the page's own `<title>` (most of its words are in it, and it holds a fair share of the title's): a JSON-LD
 * "headline" that holds a description, or an `<h1>` that is a section label or the site's logo, is passed over.
 * When nothing agrees (a `<title>` that is only the site's name, or an `<h1>` that says "Lorem"), the first
 * structured title wins if there is one, else the longer of the cleaned `<title>` and the `<h1>`, since a
 * headline is longer than a site name or a section label.
 */
export function articleTitle($: CheerioAPI, ld: Record<string, unknown>): string | null {
  const structured = [
    clean(ld.headline),
    clean(ld.name),
    clean(
      metaValue($, [
        'og:title',
        'twitter:title',
        'parsely-title',
        'sailthru.title',
        'title',
        'headline',
        'dc.title',
        'dc:title',
      ]),
    ),
  ].filter((t): t is string => t !== null);
  const h1 = clean($('h1').first().text());
  // An icon's <svg><title> ("Close", "Search") is not the page's title.
  const pageTitleElement = $('title')
    .filter((_, e) => !$(e).parents('svg').length)
    .first();
  const rawTitle = clean(pageTitleElement.text());
  if (!rawTitle) return structured[0] ?? h1;
  const pageTitle = cleanPageTitle(rawTitle);
  const agreeing = [...structured, ...(h1 ? [h1] : [])].find((t) => agrees(t, rawTitle, pageTitle));
  if (agreeing) return agreeing;
  if (structured.length) return structured[0];
  return h1 && words(h1).length > words(pageTitle).length ? h1 : pageTitle;
}
