import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { publicationInstant } from './written-dates.js';

/**
 * Reads a meta tag's value by name/property/itemprop; some savers rewrite `content` to `value`. An attribute may
 * list several space-separated keys (RDFa: `property="og:title twitter:title"`), and a tag without a value does
 * not hide a later one with the same key.
 */
export function metaValue($: CheerioAPI, keys: string[]): string | null {
  const metas = $('meta')
    .toArray()
    .map((e) => {
      const a = e.attribs;
      const names = [a.name, a.property, a.itemprop].flatMap((v) => v?.toLowerCase().split(/\s+/) ?? []);
      return { names, value: (a.content ?? a.value)?.trim() };
    })
    .filter((m) => m.value);
  for (const key of keys) {
    const k = key.toLowerCase();
    const found = metas.find((m) => m.names.includes(k));
    if (found) return found.value!;
  }
  return null;
}

/** A script's JSON without the CDATA or comment wrapper that older templates put around it. */
const unwrapScript = (text: string) =>
  text
    .trim()
    .replace(/^(?:<!\[CDATA\[|<!--)/, '')
    .replace(/(?:\]\]>|-->)$/, '');

/** All JSON-LD objects on the page, flattened through @graph and arrays; unparsable blocks are skipped. */
export function jsonLd($: CheerioAPI): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      out.push(v as Record<string, any>);
      if ('@graph' in (v as object)) visit((v as any)['@graph']);
    }
  };
  $('script[type="application/ld+json"]').each((_, e) => {
    try {
      visit(JSON.parse(unwrapScript($(e).text())));
    } catch {
      /* a broken block must not hide the page's other metadata */
    }
  });
  return out.filter((options) => /Article|Posting|Report/i.test(String(options['@type'] ?? '')));
}

/**
 * JSON-LD's articleBody as paragraphs: plain text split at its line breaks, or, where a site put markup in it,
 * the text of its block elements. Empty when no article object on the page has one.
 */
export function structuredBody(objects: Record<string, any>[]): string[] {
  const raw = objects.map((o) => o.articleBody).find((b): b is string => typeof b === 'string' && b.trim() !== '');
  if (!raw) return [];
  let text = raw;
  if (/<\/?(?:p|div|br|li|h\d)\b/i.test(raw)) {
    // Line breaks in markup are layout, not paragraphs; the blocks and <br>s are.
    const $ = cheerio.load(`<div>${raw.replace(/\s+/g, ' ')}</div>`);
    $('script, style').remove();
    $('br').replaceWith('\n');
    $('p, div, li, h1, h2, h3, h4, h5, h6, blockquote').after('\n');
    text = $.root().text();
  }
  return text
    .split(/\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Where a byline's names end and its timestamp begins: a month name before a number, a numeric date, a clock
 * time, a relative time ("• 8h", "3 hours ago") or an "Updated"/"Published" label. Visible bylines often print
 * the date right after the names.
 */
const BYLINE_DATE = new RegExp(
  [
    String.raw`\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d`,
    String.raw`\b\d{4}-\d\d-\d\d`,
    String.raw`\b\d{1,2}\/\d{1,2}\/\d{2,4}`,
    String.raw`\b\d{1,2}:\d\d`,
    String.raw`[•·]\s*\d+\s*[smhdw]\b`,
    String.raw`\b\d+\s*(?:min(?:ute)?s?|hours?|days?)\s+ago\b`,
    String.raw`\b(?:last\s+)?(?:updated|published|posted)\b`,
    // Who edited, photographed or drew it is not who wrote it.
    String.raw`\b(?:edited|reviewed|photos?|photographs|illustrations?|graphics)\s+by\b`,
  ].join('|'),
  'i',
);

/**
 * A name has a word of two letters or more, in any script ("肖春芳" is a name; "J J", an avatar's initials, and
 * "123" are not).
 */
const hasNameWord = (x: string) => /\p{L}{2}/u.test(x);

/** "A, B and C" / "By A and B" / an array or Person objects to a clean list of names. */
export function splitAuthors(raw: unknown): string[] {
  if (raw == null) return [];
  if (Array.isArray(raw)) return [...new Set(raw.flatMap(splitAuthors))];
  if (typeof raw === 'object') return splitAuthors((raw as any).name);
  const full = String(raw).replace(/\s+/g, ' ').trim();
  const dateAt = full.search(BYLINE_DATE);
  const s = (dateAt >= 0 ? full.slice(0, dateAt) : full).replace(/[\s•·|,\-–—]+$/, '');
  if (!s || /^(https?:|www\.|@)/i.test(s)) return [];
  return (
    s
      // "By" in English, French, Spanish and Portuguese, German, Dutch.
      .replace(/^(?:(?:written|words)\s+)?(?:by|par|por|von|door)\s+/i, '')
      // "Martin Untersinger (avec Damien Leloup et Morgane Tual)" names three people; "Richard (R.J.) Eskow" one.
      .replace(/\s*\((?:with|avec|mit|and|et|und)\s+([^)]*)\)/gi, ', $1')
      .split(/\s*(?:,|;|\b(?:and|et|und)\b|&|\|)\s*/i)
      // A sentence's full stop after a name goes; an abbreviation's ("Jr.", "R.J.") stays.
      .map((x) => x.trim().replace(/(\p{Ll}{2,})\.$/u, '$1'))
      .filter(
        (x) => x.length > 1 && x.length < 60 && !/^(https?:|@)/.test(x) && hasNameWord(x) && x.split(' ').length <= 5,
      )
  );
}

/** A page's date (`+0000` offsets as `+00:00`, which Date needs) as a publication instant (`publicationInstant`). */
export function toIso(raw: string | null | undefined): string | null {
  return raw ? publicationInstant(raw.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : null;
}
