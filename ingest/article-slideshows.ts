import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { hasChildren, isText } from 'domhandler';
import { widenToParts } from './article-candidates.js';
import { widenToBox } from './box-widening.js';
import { elementAncestors, nodesWithin, parentElement } from './dom-ancestors.js';
import { paragraphTextHeld, type ScoredParagraph, scoredParagraphs } from './paragraph-scores.js';
import type { TextLengths } from './text-lengths.js';

/**
 * A slide's counter: "3/50", "3 of 50", "Photo 3 of 50", in the languages extraction meets most ("3 de 50",
 * "3 sur 50", "3 von 50", "3 di 50", "3 van 50"). Only a text node that says nothing else.
 */
const COUNTER = /^(?:\p{L}+\s+)?(\d{1,3})\s*(?:\/|of|de|sur|von|di|van)\s*(\d{1,3})$/iu;
/** Longer text is a sentence that happens to hold a fraction. */
const MAX_COUNTER_CHARS = 16;
/** A slideshow counts its slides; two numbered items may be a story's own "1 of 2" parts. */
const MIN_SLIDES = 3;
/**
 * Prose (text outside links) one block outside a slideshow holds for the slideshow to be clutter beside a story: a
 * few paragraphs. With less, the page is a gallery with an introduction, and the captions are its text.
 */
const MIN_PROSE_BESIDE_SLIDES = 500;
/**
 * Or the page's paragraphs outside the slideshow hold this many times its own prose: a story cut into short parts (ad
 * slots between every few paragraphs) holds no 500-character block, but a gallery page's introduction, notes and
 * footer together stay under its captions.
 */
const STORY_TO_CAPTIONS = 2;

interface Counted {
  el: Element;
  slide: number;
}

/** Every element whose own text is a slide counter, grouped by the total it counts to. */
function countersByTotal($: CheerioAPI): Map<number, Counted[]> {
  const byTotal = new Map<number, Counted[]>();
  const stack: AnyNode[] = [$.root()[0]];
  while (stack.length) {
    const node = stack.pop() as AnyNode;
    if (hasChildren(node)) {
      for (const c of node.children) stack.push(c);
      continue;
    }
    if (!isText(node) || node.data.length > 4 * MAX_COUNTER_CHARS) continue;
    const text = node.data.replace(/\s+/g, ' ').trim();
    const el = parentElement(node);
    const m = text.length <= MAX_COUNTER_CHARS ? COUNTER.exec(text) : null;
    if (!m || !el) continue;
    const slide = Number(m[1]);
    const total = Number(m[2]);
    if (slide < 1 || slide > total) continue;
    const group = byTotal.get(total);
    if (group) group.push({ el, slide });
    else byTotal.set(total, [{ el, slide }]);
  }
  return byTotal;
}

/** The nearest element that holds every one of the elements given. */
function commonAncestor(els: Element[]): Element | null {
  let chain = [els[0], ...elementAncestors(els[0])];
  for (const el of els.slice(1)) {
    const around = new Set([el, ...elementAncestors(el)]);
    chain = chain.filter((a) => around.has(a));
  }
  return chain[0] ?? null;
}

/** The child of `list` that holds `el`. */
function itemOf(el: Element, list: Element): Element | null {
  let item: Element | null = el;
  while (item && item.parent !== list) item = parentElement(item);
  return item;
}

/**
 * The list widened to its box (heading, arrows), never by a step that adds a paragraph (`held`: the paragraph text
 * each element holds): a story's short parts beside a slideshow are not its box.
 */
const widen = (list: Element, lengths: TextLengths, held: Map<Element, number>) =>
  widenToBox(list, lengths, (p, box) => (held.get(p) ?? 0) <= (held.get(box) ?? 0));

/**
 * Slideshows: lists whose items each carry a slide counter ("1/50", "2/50", ...) counting one slideshow's slides in
 * order from the first, whatever the page's class names, each widened to its box (heading and controls), where the
 * page holds a story beside them (in the block around them, or in a block of paragraphs elsewhere). Their captions
 * read as prose, and the 50 captions of an inline gallery inside a story's container were read as the story's
 * second half (Readability's cleaning drops such a list). On a gallery page the captions are what there is to read,
 * and they stay.
 */
export function slideshows($: CheerioAPI, lengths: TextLengths): Element[] {
  const lists = new Set<Element>();
  for (const [total, group] of countersByTotal($)) {
    // More counters than slides repeat one: not a slideshow, and not worth sorting (a hostile page holds thousands).
    if (group.length < MIN_SLIDES || group.length > total) continue;
    const slides = group.map((c) => c.slide).sort((a, b) => a - b);
    // One run of consecutive slides from the first, each counted once: dates ("01/19") repeat and skip; a pager
    // shows one slide's counter.
    if (slides[0] !== 1 || slides.some((s, i) => i && s !== slides[i - 1] + 1)) continue;
    const list = commonAncestor(group.map((c) => c.el));
    if (!list) continue;
    const items = new Set(group.map((c) => itemOf(c.el, list)));
    if (items.size === group.length && !items.has(null)) lists.add(list);
  }
  if (!lists.size) return [];
  // Measured only on a page with a slideshow: most pages have none, and the paragraphs are scored again later.
  const paragraphs = scoredParagraphs($);
  // One measure for both steps: a box step may add no story paragraph, and the story's parts are weighed by it.
  const paragraphText = paragraphTextHeld(paragraphs, lengths, $.root()[0]);
  const shows = new Set([...lists].map((list) => widen(list, lengths, paragraphText)));
  // The block around the slideshow counts its text whatever holds it: a story written in <div>s scores no paragraph.
  // Where that block is one part of a story cut into parts (ad slots between every few paragraphs), the story is
  // the block that holds the parts, as the main path widens to it.
  const around = (show: Element) => {
    const parent = parentElement(show);
    if (!parent) return 0;
    return lengths.prose(widenToParts(parent, paragraphText, (el) => lengths.of(el))) - lengths.prose(show);
  };
  return [...shows].filter((show) => {
    const beside = storyBeside(show, paragraphs, lengths);
    const block = Math.max(around(show), beside.block);
    return block >= MIN_PROSE_BESIDE_SLIDES || beside.total >= STORY_TO_CAPTIONS * lengths.prose(show);
  });
}

/**
 * The prose of the largest block of paragraphs outside the slideshow (the paragraphs one element holds as their
 * parent or grandparent, as a component wraps each in a `<div>`), and of all of them. A block: a gallery page's short
 * introduction, footer and comment lines add up to a story's length without being one.
 */
function storyBeside(
  show: Element,
  paragraphs: ScoredParagraph[],
  lengths: TextLengths,
): { block: number; total: number } {
  const inside = nodesWithin(show);
  const held = new Map<Element, number>();
  let most = 0;
  let total = 0;
  for (const { block } of paragraphs) {
    if (inside.has(block)) continue;
    const prose = lengths.prose(block);
    total += prose;
    const parent = parentElement(block);
    for (const a of [parent, parent && parentElement(parent)]) {
      if (!a) continue;
      const sum = (held.get(a) ?? 0) + prose;
      held.set(a, sum);
      most = Math.max(most, sum);
    }
  }
  return { block: most, total };
}
