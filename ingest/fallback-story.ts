import { looksLikeConsent } from './article-banners.js';
import { disjointRanges, type SourceRange, withoutRanges } from './article-declutter.js';
import { blockParagraphs, type FallbackArticle, readabilityArticle } from './article-fallback.js';
import type { TreeShape } from './html-limits.js';
import { countWords } from './word-count.js';

/** Below this many words a reading of the page is not trusted alone (see extractArticle in article.ts). */
const MIN_CONFIDENT_WORDS = 120;
/** Below this share of the page's non-link words, likewise. */
const MIN_PAGE_SHARE = 0.3;
export const wordCount = (paras: string[]) => paras.reduce((n, p) => n + countWords(p), 0);

/**
 * The whole page is read again only where the clutter is a small part of it: the second reading then costs about
 * what the first did, and a page that is mostly a 10,000-comment thread is not read twice.
 */
const MAX_REREAD_CLUTTER_SHARE = 0.25;
/**
 * Readability on linkedom costs about 0.1 ms an element and grows with the square of the depth besides (it reads text
 * along each element's ancestors): a 16 kB page of 1,000 elements 500 levels deep took 12 s, 99,000 of them 18
 * minutes. The extraction corpus's largest page holds 9,888 elements and 1.8 million depth squares (0.7 s); past
 * these bounds the page is read once, by the main path (docs/extraction.md, "Bounded").
 */
const MAX_FALLBACK_ELEMENTS = 25_000;
const MAX_FALLBACK_DEPTH_SQUARES = 25_000_000;
/** Whether a second reading of a page of this shape stays within a few seconds. */
export const affordsFallback = (shape: TreeShape) =>
  shape.elements <= MAX_FALLBACK_ELEMENTS && shape.depthSquares <= MAX_FALLBACK_DEPTH_SQUARES;
export const clearlyLonger = (found: number, than: number) =>
  found > than && (than < MIN_CONFIDENT_WORDS || found > 1.2 * than);
/**
 * Whether a reading that found `found` words is unsure on a page of `pageWords` words outside links: a story is
 * rarely under ~120 words, and a banner, a promo or one block of a split story holds a small share of the text.
 */
export const unsureOn = (pageWords: number) => (found: number) =>
  found < MIN_CONFIDENT_WORDS || found < MIN_PAGE_SHARE * pageWords;

export interface FallbackOptions {
  /** Readability on linkedom; tests count its calls. */
  read?: (html: string) => FallbackArticle | null;
  /** Source ranges cut from both readings: class and id words the main path found wrong (`classAndIdRanges`). */
  misleading?: SourceRange[];
}

/**
 * Readability's story, first on the page without the main path's clutter. Taking the clutter out can also move
 * Readability's choice of container: where a story's parts sit in sibling blocks that no class name marks, the
 * teasers below them were what made their common parent win. So where the first reading is no surer than the main
 * path, Readability reads the whole page too, its paragraphs that came from the clutter are dropped, and a clearly
 * longer story wins. A banner paragraph is dropped before any comparison: on a short page it outweighs the story.
 * Neither reading sees the class and id words of the elements the main path spared for holding the story
 * (`misleading`): Readability would prune a story's part classed "sidebar" by that word alone.
 */
export function fallbackStory(
  source: string,
  clutter: SourceRange[],
  unsure: (words: number) => boolean,
  { read = readabilityArticle, misleading = [] }: FallbackOptions = {},
): FallbackArticle | null {
  const story = (article: FallbackArticle | null, drop: (p: string) => boolean) =>
    article && { ...article, paragraphs: article.paragraphs.filter((p) => !drop(p) && !looksLikeConsent(p)) };
  // Merged once: nested boxes would otherwise read their shared stretch once per box below.
  const merged = disjointRanges(clutter);
  const decluttered = story(read(withoutRanges(source, [...merged, ...misleading])), () => false);
  const found = wordCount(decluttered?.paragraphs ?? []);
  const clutterChars = merged.reduce((n, [start, end]) => n + end - start, 0);
  if (!merged.length || !unsure(found) || clutterChars > MAX_REREAD_CLUTTER_SHARE * source.length) return decluttered;
  const clutterParagraphs = new Set(merged.flatMap(([start, end]) => blockParagraphs(source.slice(start, end))));
  const whole = story(read(withoutRanges(source, misleading)), (p) => clutterParagraphs.has(p));
  return whole && clearlyLonger(wordCount(whole.paragraphs), found) ? whole : decluttered;
}
