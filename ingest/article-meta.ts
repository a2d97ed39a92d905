import type { CheerioAPI } from 'cheerio';

/** Reads a meta tag's value by name/property/itemprop; some savers rewrite `content` to `value`. */
export function metaValue($: CheerioAPI, keys: string[]): string | null {
  for (const key of keys) {
    const k = key.toLowerCase();
    const el = $('meta')
      .filter((_, e) => {
        const a = e.attribs;
        return [a.name, a.property, a.itemprop].some((v) => v?.toLowerCase() === k);
      })
      .first();
    const v = (el.attr('content') ?? el.attr('value'))?.trim();
    if (v) return v;
  }
  return null;
}

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
      visit(JSON.parse($(e).text()));
    } catch {
      /* a broken block must not hide the page's other metadata */
    }
  });
  return out.filter((options) => /Article|Posting|Report/i.test(String(options['@type'] ?? '')));
}

/** "A, B and C" / "By A and B" / an array or Person objects to a clean list of names. */
export function splitAuthors(raw: unknown): string[] {
  if (raw == null) return [];
  if (Array.isArray(raw)) return [...new Set(raw.flatMap(splitAuthors))];
  if (typeof raw === 'object') return splitAuthors((raw as any).name);
  const s = String(raw).replace(/\s+/g, ' ').trim();
  if (!s || /^(https?:|www\.|@)/i.test(s)) return [];
  return s
    .replace(/^by\s+/i, '')
    .split(/\s*(?:,|;|\band\b|&|\|)\s*/i)
    .map((x) => x.trim())
    .filter(
      (x) => x.length > 1 && x.length < 60 && !/^(https?:|@)/.test(x) && /[A-Za-z]/.test(x) && x.split(' ').length <= 5,
    );
}

export function toIso(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
