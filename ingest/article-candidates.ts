import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { parentElement } from './dom-ancestors.js';

// The refinements below are Readability's (Mozilla's reader view, the published algorithm), on finsent's scores.
const isPageRoot = (el: Element) => el.tagName === 'body' || el.tagName === 'html';
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr']);

function elementParent(el: Element): Element | null {
  const p = el.parent;
  return p && isTag(p) && !isPageRoot(p) ? p : null;
}

/**
 * A block a reader would read: a sentence's worth of text outside links (not an empty slot, a label, a link
 * list or a menu). 25 characters is also the shortest paragraph that is scored.
 */
export const carriesProse = (f: BlockFacts) => f.linkDensity < 0.5 && f.length * (1 - f.linkDensity) >= 25;

/**
 * The top-scoring candidate, widened where the story evidently continues outside it: to an ancestor whose score
 * rises above it within a few steps (more content lurking beside it), and past wrappers in which it is the only
 * child, or, within the scored ancestry, the only child that carries prose (beside it, at most empty slots and
 * link lists such as "related coverage"), so that the story's sibling blocks are weighed, and out of a table to the
 * block that holds it. (Readability's
 * ancestor vote among near-top candidates was tried too; on the corpus it took whole page columns, so it is not
 * used.)
 */
export function widenTopCandidate(
  ranked: [Element, number][],
  scores: Map<Element, number>,
  facts: (el: Element) => BlockFacts,
): Element {
  let best = ranked[0][0];
  let last = ranked[0][1];
  const floor = last / 3;
  for (let p = elementParent(best); p; p = elementParent(p)) {
    const sc = scores.get(p);
    if (sc === undefined) continue;
    if (sc < floor) break;
    if (sc > last) {
      best = p;
      break;
    }
    last = sc;
  }
  // Past a wrapper with other children only while the wrapper itself holds scored paragraphs' ancestry (it is
  // near the story), so the climb never runs up through the page's layout into its widgets.
  const wraps = (p: Element, child: Element) => {
    const others = p.children.filter((c) => isTag(c) && c !== child) as Element[];
    return !others.length || (scores.has(p) && others.every((c) => !carriesProse(facts(c))));
  };
  for (let p = elementParent(best); p && wraps(p, best); p = elementParent(p)) best = p;
  // A data table's long cells score into its rows and body, but a table is a part of the story, never all of it.
  for (let p = elementParent(best); p && TABLE_PARTS.has(best.tagName); p = elementParent(p)) best = p;
  return best;
}

/** The text a parent adds to the best block must be mostly story paragraphs for the story to be read from it. */
const PARTS_TEXT_SHARE = 0.5;
/** Besides the best's own part: one other block is a neighbour, two or more make a story cut into parts. */
const MIN_OTHER_PARTS = 2;
/** A single other part must be nearly all paragraphs to be the story's other half. */
const ONE_PART_TEXT_SHARE = 0.9;

/**
 * Whether the one other block beside the best is the story's other half: the template set it like the best (the
 * same tag and class names), nearly all the text the parent adds is its paragraphs (a headline above may be the
 * rest), and nothing between the two halves has words but a subheading (an empty ad slot: a label there would be
 * read with them; labelled slots are joined block by block, `joinSiblings`). A comment list or an unclassed block
 * beside a story is one block too, but not one that the story's template made.
 */
function isOtherHalf(other: Element, block: Element, added: number, partsText: number): boolean {
  const cls = block.attribs.class?.trim();
  if (!cls || other.attribs.class?.trim() !== cls || partsText < ONE_PART_TEXT_SHARE * added) return false;
  const siblings = block.parent?.children ?? [];
  const [from, to] = [siblings.indexOf(block), siblings.indexOf(other)].sort((a, b) => a - b);
  return siblings.slice(from + 1, to).every((c) => !hasWords(c) || (isTag(c) && HEADINGS.has(c.tagName)));
}

const hasWords = (node: AnyNode): boolean =>
  isText(node) ? WORD_CHARACTER.test(node.data) : isTag(node) && node.children.some(hasWords);

/**
 * The best block, widened to the ancestor that holds the story's other parts: a story cut into sibling blocks (ad
 * slots, embeds and figures between them), each a few wrappers above its paragraphs, where scores fall with each
 * level and no part scores near the best. A parent is taken while most of the text it adds is scored paragraph text
 * (`text`: characters of paragraphs that are not mostly links, `paragraphTextHeld`) held by two or more siblings of
 * the best with its tag, or by one that is its other half (`isOtherHalf`): parts of one story, not a sidebar, a
 * comment list or a column of teasers beside it. Links
 * inside the parts' paragraphs count as their text (a story that links its terms), links beside them against them.
 */
export function widenToParts(best: Element, text: Map<Element, number>, length: (el: Element) => number): Element {
  // Each step widens to the parent or stops, so the block weighed against `p` is always its child. A page that sets
  // its story's parts in <body> itself is read from <body>: the parts' text is most of what it adds.
  const parentOrBody = (el: Element) => (el.tagName === 'body' || el.tagName === 'html' ? null : parentElement(el));
  // The block weighed: the best or a wrapper around it that adds no text, as a template wraps each of a story's
  // sections (Medium's section > div > div > parts): the story's other sections are the wrapper's siblings.
  let block = best;
  for (let p = parentOrBody(block); p && p.tagName !== 'html'; p = parentOrBody(p)) {
    if (wrapsAlone(p, block, length)) {
      block = p;
      continue;
    }
    let partsText = 0;
    let parts = 0;
    let other: Element | null = null;
    for (const c of p.children) {
      if (!isTag(c) || c === block || c.tagName !== block.tagName) continue;
      const held = text.get(c) ?? 0;
      if (held > 0) {
        partsText += held;
        parts++;
        other = c;
      }
    }
    const added = length(p) - length(block);
    const cutInTwo = parts === 1 && other !== null && isOtherHalf(other, block, added, partsText);
    if ((parts < MIN_OTHER_PARTS && !cutInTwo) || partsText < PARTS_TEXT_SHARE * added) break;
    block = p;
    best = p;
  }
  return best;
}

/** Whether `p` holds nothing but `child`: whitespace, comments and empty elements aside. */
function wrapsAlone(p: Element, child: Element, length: (el: Element) => number): boolean {
  return p.children.every((c) => c === child || (isText(c) ? !c.data.trim() : !isTag(c) || !length(c)));
}

export interface BlockFacts {
  length: number;
  linkDensity: number;
  text: string;
}

/** A line no longer than this is short: a label, a list's point, a subheading; a full paragraph is longer. */
export const SHORT_BLOCK = 80;
/**
 * Readability's bar for a long sibling paragraph's link text. A paragraph over it that still ends a sentence is
 * prose that links its terms (a wiki's, an explainer's), kept up to half its text in links as inside the story; a
 * "Read more" line or a list of links ends on a headline.
 */
const PROSE_LINK_DENSITY = 0.25;
const endsSentence = (text: string) => /[.!?]["”’)]*$/.test(text.trim());
/** A component wraps its paragraph in a <div> or two; deeper than that the block is layout, not a paragraph. */
export const MAX_PARAGRAPH_WRAPPERS = 2;

/**
 * The element itself, or what it wraps alone (whitespace and comments aside) within a few levels; a paragraph is
 * where it stops, since the `<span>` or `<font>` that wraps a paragraph's whole text is inside it, not around it.
 */
export function paragraphInside(el: Element): Element {
  let inner = el;
  for (let depth = 0; depth < MAX_PARAGRAPH_WRAPPERS && inner.tagName !== 'p'; depth++) {
    const only = soleChild(inner);
    if (!only) break;
    inner = only;
  }
  return inner;
}

const GROUPED_BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'figure', 'pre']);
/**
 * A `<section>` that holds a story's blocks only (`holdsStoryBlocksOnly`): a part of a story, as long-form templates
 * cut one into parts. It adds no level to the scoring, like a wrapper around one paragraph, so a story written in
 * parts weighs on its container as one written in paragraphs does (Readability scores a section as a paragraph of
 * its parent to the same end).
 */
export function paragraphGroup(el: Element): boolean {
  return el.tagName === 'section' && holdsStoryBlocksOnly(el);
}

/**
 * Two paragraphs or more and nothing but a story's blocks (paragraphs, subheadings, quotations, lists, figures,
 * code), whatever the element's own tag: what a part of a story holds.
 */
export function holdsStoryBlocksOnly(el: Element): boolean {
  let paragraphs = 0;
  for (const c of el.children) {
    if (isText(c) && c.data.trim()) return false;
    if (!isTag(c)) continue;
    if (!GROUPED_BLOCKS.has(c.tagName)) return false;
    if (c.tagName === 'p') paragraphs++;
  }
  return paragraphs > 1;
}

/** The one element an element holds, when it holds nothing else but whitespace and comments. */
export function soleChild(el: Element): Element | null {
  let only: Element | null = null;
  for (const c of el.children) {
    if (isTag(c)) {
      if (only) return null;
      only = c;
    } else if (isText(c) && c.data.trim()) return null;
  }
  return only;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
/** Where a climb stops: the page itself is no story's block. */
const PAGE_ROOTS = new Set(['body', 'html']);
/** Link density of a block whose every word is a link (whitespace between links aside). */
const ALL_LINKS = 0.99;
/** Every heading tag, `<h1>` to `<h6>`. */
export const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/**
 * A short line that names what sits beside it ("Advertisement", "Story continues below", "Read more"): under a
 * paragraph's length, no sentence, not a heading (a heading beside the blocks starts another section).
 */
function isLabel(el: Element, f: BlockFacts): boolean {
  return !HEADINGS.has(el.tagName) && f.length <= SHORT_BLOCK && !endsSentence(f.text);
}

/**
 * The labels `parent` shows outside `blocks` (an ad slot's "Advertisement", a byline), or null where it shows words of
 * its own. Links and empty slots are passed over: navigation such as "Continue reading the main story" or "See more
 * »" that the story's paragraphs never take in.
 */
function labelsBeside(parent: Element, blocks: Element[], facts: (el: Element) => BlockFacts): Element[] | null {
  const held = new Set(blocks);
  const labels: Element[] = [];
  for (const c of parent.children) {
    if (isText(c) && WORD_CHARACTER.test(c.data)) return null;
    if (!isTag(c) || held.has(c)) continue;
    const f = facts(c);
    if (!f.length || f.linkDensity > ALL_LINKS || !WORD_CHARACTER.test(f.text)) continue;
    if (!isLabel(c, f)) return null;
    labels.push(c);
  }
  return labels;
}

/**
 * The blocks without the elements `out`: a block that holds one is read as its children instead, down to the one
 * left out. A block with words of its own between its children (lines set with `<br>`) is kept whole.
 */
function leaveOut(blocks: Element[], out: Element[]): Element[] {
  const left = new Set(out);
  // Every ancestor of a left-out element, each walked once however many labels share it.
  const holdsOne = new Set<Element>();
  for (const o of out) {
    for (let a = o.parent; a && isTag(a) && !holdsOne.has(a); a = a.parent) holdsOne.add(a);
  }
  const read = (els: Element[]): Element[] =>
    els.flatMap((el) => {
      if (left.has(el)) return [];
      const split = holdsOne.has(el) && !el.children.some((c) => isText(c) && WORD_CHARACTER.test(c.data));
      return split ? read(el.children.filter(isTag)) : [el];
    });
  return read(blocks);
}

/** "Most" of a block's text, for a block the scores do not reach. */
const MOST = 0.5;
/** Whether most of an element's text is in `<p>`s that read as prose beside a story (`siblingParagraphReads`). */
function mostlyParagraphs(el: Element, facts: (el: Element) => BlockFacts): boolean {
  const total = facts(el).length;
  let prose = 0;
  const stack: Element[] = [el];
  for (let node = stack.pop(); node; node = stack.pop()) {
    for (const c of node.children) {
      if (!isTag(c)) continue;
      if (c.tagName !== 'p') stack.push(c);
      else if (siblingParagraphReads(facts(c))) prose += facts(c).length;
    }
  }
  return total > 0 && prose >= MOST * total;
}

/**
 * A block before the story's best block that reads as its lead: after wrappers, nothing but a story's blocks (each
 * child a block or a wrapper around one), at least one of them a full paragraph or a list of sentences (key points),
 * every paragraph prose, few links.
 * Readability drops such a block when it scores under its floor (a paragraph and a subheading, a paragraph and a
 * list); the story then starts at its second part.
 */
function readsAsLead(el: Element, facts: (el: Element) => BlockFacts): boolean {
  // A lone paragraph (the box is the <p>, whose children are text) is left to the rule for a sibling paragraph.
  const box = paragraphInside(el);
  if (facts(box).linkDensity >= PROSE_LINK_DENSITY) return false;
  let full = 0;
  for (const c of box.children) {
    if (isText(c) && c.data.trim()) return false;
    if (!isTag(c)) continue;
    const block = paragraphInside(c);
    if (!GROUPED_BLOCKS.has(block.tagName)) return false;
    if (LISTS.has(block.tagName) && listsSentences(block, facts)) full++;
    if (block.tagName !== 'p') continue;
    if (!siblingParagraphReads(facts(block))) return false;
    if (facts(block).length > SHORT_BLOCK) full++;
  }
  return full > 0;
}

const LISTS = new Set(['ul', 'ol']);
/**
 * A list of two or more items, each a sentence with no link: the key points a financial story opens with, not a
 * list of headlines (links) or of names and tickers (no sentence).
 */
function listsSentences(list: Element, facts: (el: Element) => BlockFacts): boolean {
  const items = list.children.filter(isTag);
  const isSentence = (li: Element) => {
    const f = facts(li);
    return li.tagName === 'li' && f.linkDensity === 0 && carriesProse(f) && endsSentence(f.text);
  };
  return items.length > 1 && items.every(isSentence);
}

/**
 * The joined blocks and the headings between them: a heading set between two blocks of the story is its
 * subheading (one before the story or after it heads something else, such as a list of links).
 */
function withSubheadings(siblings: Element[], joined: Element[]): Element[] {
  const kept = new Set(joined);
  const at = siblings.map((el) => kept.has(el));
  const first = at.indexOf(true);
  const last = at.lastIndexOf(true);
  return siblings.filter((el, i) => at[i] || (i > first && i < last && HEADINGS.has(el.tagName)));
}

/** A container beside the best joins the story when it scores this well (a fifth of the best, and 10 at least). */
export const joinFloor = (bestScore: number) => Math.max(10, bestScore * 0.2);

/** A short line that trails off ("Loading comments...", "Read on…"): a loading message or a teaser, no sentence. */
const TRAILS_OFF = /(\.\.\.|…)\s*$/;
/** A paragraph beside the story reads as its prose: long with few links, or short, link-free and ending a sentence. */
function siblingParagraphReads(f: BlockFacts): boolean {
  if (f.length > SHORT_BLOCK) return f.linkDensity < PROSE_LINK_DENSITY || (carriesProse(f) && endsSentence(f.text));
  return f.length > 0 && f.linkDensity === 0 && /\.( |$)/.test(f.text) && !TRAILS_OFF.test(f.text);
}

/**
 * The top candidate and those of its siblings that belong to the story: containers that score at least a fifth
 * as well (more readily when they share its class, as the numbered blocks of one story do), blocks that hold
 * nothing but a story's blocks (a lead of two or three paragraphs set apart above an ad scores under the floor)
 * whose paragraphs read as prose, and paragraphs that read as prose: long with few links (or up to half links when
 * they end a sentence), or short, link-free and ending a sentence. A paragraph the page leaves unmarked (a `div` or
 * `span` of text: `unmarkedProse`) joins when it reads as prose; where such paragraphs outweigh the top candidate,
 * it is one part of a story written in them (wire copy in `div`s, a quotation among `span` paragraphs), and the
 * story is read from its parent, joined at that level. So is it where the parent holds no word but the joined ones,
 * links and labels; past a label (`partsOnly` then) only the story's parts, leads and paragraphs join, and the story
 * is read without the label.
 */
export function joinSiblings(
  best: Element,
  bestScore: number,
  scores: Map<Element, number>,
  facts: (el: Element) => BlockFacts,
  unmarkedProse: (el: Element) => boolean,
  partsOnly = false,
): Element[] {
  const threshold = joinFloor(bestScore);
  const cls = best.attribs.class?.trim();
  // The siblings through the raw tree: on a page without <html>/<body> the best node's parent is the document.
  const siblings = (best.parent?.children ?? [best]).filter(isTag);
  let unmarkedLength = 0;
  const bestAt = siblings.indexOf(best);
  const joinedFirst = siblings.filter((el, at) => {
    if (el === best) return true;
    // Before the best block: the story's lead, however it is set (a subheading, a list or a wrapper beside it).
    if (at < bestAt && readsAsLead(el, facts)) return true;
    // A sibling that shares the best's class joins more readily; one the scores do not reach (its paragraphs sit deep
    // below it) only where most of its text is prose paragraphs: layout classes ("row", "col") are shared by the
    // story's wrapper and the page's other rows, teasers and footer alike.
    const bonus = cls && el.attribs.class?.trim() === cls ? bestScore * 0.2 : 0;
    const score = scores.get(el) ?? (bonus && mostlyParagraphs(el, facts) ? 0 : undefined);
    if (score !== undefined && score + bonus >= threshold) return true;
    // A part of the story beside it joins as its paragraphs would, each read by the rule for a sibling paragraph. A
    // `<section>` says it is a part; another block must hold full paragraphs, not a bio's or a note's short lines.
    if (holdsStoryBlocksOnly(el)) {
      const reads = (c: Element) =>
        siblingParagraphReads(facts(c)) && (paragraphGroup(el) || facts(c).length > SHORT_BLOCK);
      return el.children.filter(isTag).every((c) => c.tagName !== 'p' || reads(c));
    }
    const inner = paragraphInside(el);
    if (inner.tagName !== 'p') {
      if (partsOnly || !unmarkedProse(inner)) return false;
      unmarkedLength += facts(inner).length;
      return true;
    }
    return siblingParagraphReads(facts(el));
  });
  const joined = withSubheadings(siblings, joinedFirst);
  const parent = elementParent(best);
  // The best's length is read only where unmarked text is there to weigh: a climb must not read it at every level.
  if (parent && unmarkedLength && unmarkedLength > facts(best).length) {
    return joinSiblings(parent, Math.max(bestScore, scores.get(parent) ?? 0), scores, facts, unmarkedProse);
  }
  // A parent that holds nothing but the joined blocks (and empty ad slots) is the story's block itself: its
  // siblings are the story's other blocks (a template's numbered sections, around a lead set apart in one of them).
  // A parent that shows labels too is a weaker sign: only the story's parts join it there, not a line that reads as
  // prose (a copyright notice beside the article's column), and the story is read from it without its labels.
  const labels = parent && !PAGE_ROOTS.has(parent.tagName) ? labelsBeside(parent, joined, facts) : null;
  if (parent && labels) {
    const parentScore = Math.max(bestScore, scores.get(parent) ?? 0);
    const around = joinSiblings(parent, parentScore, scores, facts, unmarkedProse, partsOnly || labels.length > 0);
    return labels.length ? leaveOut(around, labels) : around;
  }
  return joined;
}
