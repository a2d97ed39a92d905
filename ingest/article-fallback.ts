import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface FallbackArticle {
  title: string | null;
  byline: string | null;
  paragraphs: string[];
}

/**
 * Mozilla's Readability (the Firefox reader view's algorithm, a well-kept library) on linkedom, a light DOM:
 * the second strategy for pages where the main heuristic finds little. Its text comes back one paragraph per
 * non-empty line. Null when it finds nothing, or throws on a page it cannot handle.
 */
export function readabilityArticle(html: string): FallbackArticle | null {
  try {
    const { document } = parseHTML(html);
    const r = new Readability(document as unknown as Document).parse();
    if (!r?.textContent) return null;
    const paragraphs = r.textContent
      .split(/\n+/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    return { title: r.title ?? null, byline: r.byline ?? null, paragraphs };
  } catch {
    return null;
  }
}
