import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { hasChildren, isTag } from 'domhandler';
import { MAX_PARAGRAPH_WRAPPERS, paragraphGroup, soleChild } from './article-candidates.js';
import { parentElement } from './dom-ancestors.js';
import { holdsBlocks } from './article-paragraphs.js';
import { brBlockParagraphs, paragraphPoints } from './br-paragraphs.js';
import type { TextLengths } from './text-lengths.js';

/** Ancestors a paragraph's score reaches. Of 2, 3, 4 and Readability's 5 on its test corpus, 4 reads most stories
 * whole, parts a few wrappers deep included (docs/extraction.md). */
const SCORED_ANCESTORS = 4;

export function textOf(_$: CheerioAPI, el: Cheerio<AnyNode>): string {
  return el
    .text()
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A block that reads as one paragraph or more, with the points it scores by length and commas. */
export interface ScoredParagraph {
  block: Element;
  points: number;
  /** A block of several `<br>`-separated paragraphs: their container, as if they were `<p>`s inside it. */
  container: boolean;
}

/** The page's paragraphs (`<p>`, `<pre>`, text cells, blocks of `<br>` lines) that score, each once. */
export function scoredParagraphs($: CheerioAPI): ScoredParagraph[] {
  const out: ScoredParagraph[] = [];
  // Each paragraph scores once: a block of <br> lines is reached once per <br>, and scoring it again each time cost
  // n² on a page of n lines (8,000 lines took 28 s).
  const seen = new Set<AnyNode>();
  $('p, pre, td, div > br').each((_, e) => {
    // A cell that holds blocks is page layout (a whole page set in one <td>), not a paragraph of text.
    if (e.tagName === 'td' && holdsBlocks(e)) return;
    const block = e.tagName === 'br' ? (e.parent as Element) : e;
    if (seen.has(block)) return;
    seen.add(block);
    const lines = block.tagName === 'pre' ? null : brBlockParagraphs(block);
    const points = lines ? lines.points : paragraphPoints(textOf($, $(block)));
    if (points) out.push({ block, points, container: e.tagName === 'br' && !!lines && lines.paragraphs > 1 });
  });
  return out;
}

/**
 * Every candidate container's score, discounted by the share of its text in links. The parent takes a paragraph's
 * whole score, the grandparent half, the next a sixth and the fourth a ninth (Readability's dividers), so a story
 * whose paragraphs sit at two depths still rises to the container that holds both. Wrappers around the paragraph
 * alone (a component's `<div><p>`) add no level: the story's container still takes the whole score, as where its
 * paragraphs are its children. Nor does a `<section>` that is a part of the story (`paragraphGroup`).
 */
export function candidateScores(paragraphs: ScoredParagraph[], lengths: TextLengths): Map<Element, number> {
  const scores = new Map<Element, number>();
  // Asked once per paragraph of a section: memoised, or a section of n paragraphs costs n².
  const groups = new Map<Element, boolean>();
  const isGroup = (el: Element) => groups.get(el) ?? groups.set(el, paragraphGroup(el)).get(el);
  for (const { block, points, container } of paragraphs) {
    let child: Element = block;
    let a = container ? block : parentElement(block);
    let level = 0;
    let wrappers = 0;
    while (a && level < SCORED_ANCESTORS) {
      scores.set(a, (scores.get(a) ?? 0) + points / (level === 0 ? 1 : level === 1 ? 2 : level * 3));
      if (level === 0 && wrappers < MAX_PARAGRAPH_WRAPPERS && (soleChild(a) === child || isGroup(a))) wrappers++;
      else level++;
      child = a;
      a = parentElement(a);
    }
  }
  for (const [el, score] of scores) scores.set(el, score * (1 - lengths.linkDensity(el)));
  return scores;
}

/**
 * The paragraph points each element holds, its own and its descendants', less each paragraph's share of link text,
 * and the page's total. A page's menus, footers and link lists are text but score nothing, so an element holding
 * most of the points holds the story even where it holds less than half of the page's text.
 */
export function pointsHeld(
  paragraphs: ScoredParagraph[],
  lengths: TextLengths,
  root: AnyNode,
): { byElement: Map<Element, number>; total: number } {
  // A paragraph of linked names ("kudos from a, b, c...") scores a point per comma but is not prose.
  return heldBy(paragraphs, root, ({ block, points }) => points * (1 - lengths.linkDensity(block)));
}

/** A paragraph mostly of links is a link list set as one; under this share its links are words of its prose. */
const PROSE_LINK_SHARE = 0.5;

/**
 * The characters of scored paragraph text each element holds, links inside a paragraph included where most of the
 * paragraph is not links (a story that links its terms is no less a story's text): how much of an element's text is
 * a story's, whatever its depth (scores fall with each level; this does not).
 */
export function paragraphTextHeld(
  paragraphs: ScoredParagraph[],
  lengths: TextLengths,
  root: AnyNode,
): Map<Element, number> {
  return heldBy(paragraphs, root, ({ block }) =>
    lengths.linkDensity(block) < PROSE_LINK_SHARE ? lengths.of(block) : 0,
  ).byElement;
}

/**
 * What each element holds of its paragraphs' `weight`, and the page's total. One pass over the tree below `root`:
 * summing into every ancestor of every paragraph cost paragraphs x depth on a deep page.
 */
function heldBy(
  paragraphs: ScoredParagraph[],
  root: AnyNode,
  weight: (p: ScoredParagraph) => number,
): { byElement: Map<Element, number>; total: number } {
  const own = new Map<Element, number>();
  for (const p of paragraphs) own.set(p.block, (own.get(p.block) ?? 0) + weight(p));
  const byElement = new Map<Element, number>();
  // Depth is bounded by the HTML limits checked before parsing.
  const sum = (node: AnyNode): number => {
    if (!hasChildren(node)) return 0;
    let held = isTag(node) ? (own.get(node) ?? 0) : 0;
    for (const child of node.children) held += sum(child);
    if (held && isTag(node)) byElement.set(node, held);
    return held;
  };
  return { byElement, total: sum(root) };
}

/** The best-scoring candidate, if any scores above 0. */
export function topCandidate(scores: Map<Element, number>): Element | null {
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of scores)
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  return best;
}
