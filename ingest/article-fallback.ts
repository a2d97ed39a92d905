import { Readability } from '@mozilla/readability';
import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { parseHTML } from 'linkedom';
import { STRUCTURE } from './article-paragraphs.js';

export interface FallbackArticle {
  title: string | null;
  byline: string | null;
  paragraphs: string[];
}

/** Table cells stay on their row's line; every other block, and a line break, starts a new line. */
const CELLS = new Set(['td', 'th']);

/**
 * The text of Readability's article HTML, one line per block. Its `textContent` glues blocks that the page writes
 * without whitespace between them ("said.</p><p>The" read "said.The"), as minified pages and `<br>` lines do.
 */
function blockLines(html: string): string[] {
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (isText(n)) {
      parts.push(n.data);
      return;
    }
    if (!isTag(n)) return;
    const gap = n.tagName === 'br' || STRUCTURE.has(n.tagName) ? (CELLS.has(n.tagName) ? ' ' : '\n') : '';
    parts.push(gap);
    for (const c of n.children) walk(c);
    parts.push(gap);
  };
  for (const n of load(html, null, false).root().contents().toArray()) walk(n);
  return parts
    .join('')
    .split(/\n+/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Mozilla's Readability (the Firefox reader view's algorithm, a well-kept library) on linkedom, a light DOM:
 * the second strategy for pages where the main heuristic finds little. Its article comes back one paragraph per
 * block. Null when it finds nothing, or throws on a page it cannot handle.
 */
export function readabilityArticle(html: string): FallbackArticle | null {
  try {
    const { document } = parseHTML(html);
    const r = new Readability(document as unknown as Document).parse();
    if (!r?.content || !r.textContent?.trim()) return null;
    return { title: r.title ?? null, byline: r.byline ?? null, paragraphs: blockLines(r.content) };
  } catch {
    return null;
  }
}
