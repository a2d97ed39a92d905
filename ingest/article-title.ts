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

/** A separator between a headline and the site's name in a `<title>`, with a space on each side. */
const SEPARATOR = /\s[|\-–—·»]\s/;
const SEPARATORS = /\s[|\-–—·»]\s/g;
const LAST_SEPARATOR = /^(.*)\s[|\-–—·»]\s.*$/;

/** Whether a `<title>` segment is the site's declared name: one's words all among the other's ("CNN.com", "CNN"). */
function namesSite(segment: string, site: string): boolean {
  const a: string[] = [...words(segment)];
  const b = new Set(words(site));
  if (!a.length || !b.size) return false;
  return a.every((w) => b.has(w)) || [...b].every((w) => a.includes(w));
}

/**
 * The page's `<title>` without the site's name. Where the page declares that name (`og:site_name`,
 * `application-name`), the segments at either end that are that name are cut, and only those ("Apple - Q3 results
 * beat" on Reuters keeps "Apple"). Where it does not, Readability's rule: the part before the last " | ", " - ",
 * " – ", " — ", " · " or " » " when that leaves three words or more, else the part after the first one (a site that
 * puts its name first), else the whole title.
 */
function cleanPageTitle(raw: string, site: string | null): string {
  if (site) {
    const cuts = [...raw.matchAll(SEPARATORS)];
    if (!cuts.length) return raw;
    let start = 0;
    let end = raw.length;
    const first = cuts[0];
    const last = cuts[cuts.length - 1];
    if (namesSite(raw.slice(0, first.index), site)) start = (first.index ?? 0) + first[0].length;
    if (namesSite(raw.slice((last.index ?? 0) + last[0].length), site) && (last.index ?? 0) >= start)
      end = last.index ?? end;
    const kept = raw.slice(start, end).trim();
    return words(kept).length ? kept : raw;
  }
  const before = raw.replace(LAST_SEPARATOR, '$1').trim();
  if (words(before).length >= 3) return before;
  const first = SEPARATOR.exec(raw);
  const after = first ? raw.slice(first.index + first[0].length).trim() : '';
  return words(after).length >= 3 ? after : raw;
}

/**
 * A candidate that carries the site's name where the page's `<title>` does ("Headline | Polygon", "TechCrunch |
 * Headline": a meta title is often the `<title>` itself) loses it as the `<title>` does.
 */
function withoutSiteName(candidate: string, rawTitle: string, pageTitle: string): string {
  const at = rawTitle.indexOf(pageTitle);
  if (pageTitle === rawTitle || at < 0) return candidate;
  const prefix = rawTitle.slice(0, at).toLowerCase();
  const suffix = rawTitle.slice(at + pageTitle.length).toLowerCase();
  let out = candidate;
  if (suffix && out.toLowerCase().endsWith(suffix)) out = out.slice(0, out.length - suffix.length).trim();
  if (prefix && out.toLowerCase().startsWith(prefix)) out = out.slice(prefix.length).trim();
  return words(out).length >= 3 ? out : candidate;
}

/**
 * Whether a headline agrees with the page's own `<title>` (as `articleTitle` weighs candidates), or null where the page
 * has no `<title>` to agree with.
 */
export function titleAgreement($: CheerioAPI): ((headline: string) => boolean) | null {
  const rawTitle = pageTitleText($);
  if (!rawTitle) return null;
  const pageTitle = cleanPageTitle(rawTitle, clean(metaValue($, ['og:site_name', 'application-name'])));
  return (headline) => agrees(headline, rawTitle, pageTitle);
}

/** The `<title>` element's text; an icon's `<svg><title>` ("Close", "Search") is not the page's title. */
function pageTitleText($: CheerioAPI): string | null {
  return clean(
    $('title')
      .filter((_, e) => !$(e).parents('svg').length)
      .first()
      .text(),
  );
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
  const rawTitle = pageTitleText($);
  if (!rawTitle) return structured[0] ?? h1;
  const pageTitle = cleanPageTitle(rawTitle, clean(metaValue($, ['og:site_name', 'application-name'])));
  const agreeing = [...structured, ...(h1 ? [h1] : [])].find((t) => agrees(t, rawTitle, pageTitle));
  if (agreeing) return withoutSiteName(agreeing, rawTitle, pageTitle);
  if (structured.length) return structured[0];
  return h1 && words(h1).length > words(pageTitle).length ? h1 : pageTitle;
}
