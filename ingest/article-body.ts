import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { hasChildren, isTag } from 'domhandler';
import {
  joinFloor,
  joinSiblings,
  SHORT_BLOCK,
  holdsStoryBlocksOnly,
  widenToParts,
  widenTopCandidate,
} from './article-candidates.js';
import { containerParagraphs, holdsBlocks, readsAsProse } from './article-paragraphs.js';
import { looksLikeConsent } from './article-banners.js';
import { elementAncestors, nodesWithin, parentElement } from './dom-ancestors.js';
import { removeAll } from './dom-remove.js';
import {
  candidateScores,
  paragraphTextHeld,
  pointsHeld,
  scoredParagraphs,
  textOf,
  topCandidate,
} from './paragraph-scores.js';
import { TextLengths } from './text-lengths.js';

// Class/id words that mark page chrome rather than the story (readability's "unlikely candidates").
const UNLIKELY = new RegExp(
  [
    'comment|share|social|related|promo|newsletter|subscribe|footer|masthead|sidebar|advert|\\bads?\\b|sponsor',
    'breadcrumb|menu|popup|modal|cookie|disclaimer|recirc|trending|most-?popular|outbrain|taboola|caption|credit',
    'toolbar|signup|paywall|timestamp|byline|author-?bio',
  ].join('|'),
  'i',
);
const MAYBE = /article|body|content|story|main|text|post|entry|column/i;
/** A chrome word negated ("no_caption", "no-sidebar"): the class says the element lacks that thing. */
const NEGATED = new RegExp(`(?:^|[^a-z])no[-_]?(?:${UNLIKELY.source})`, 'gi');
/** Never page text: removed outright. */
const NEVER_TEXT = 'script, style, noscript, iframe, svg, button, select, input, picture, video, audio, [hidden]';
/** An inline style that hides the element from readers (what the page shows is what a reader sees). */
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

/**
 * Removes hidden elements, but not one that holds most of the page's text (`isMinor` says which may go): a page
 * saved while a consent dialog was open often marks its whole content aria-hidden, and script-revealed stories start
 * as display:none. Without `isMinor`, every hidden element goes, as Readability (the fallback) leaves them out.
 */
export function removeHidden($: CheerioAPI, isMinor: (el: Element) => boolean = () => true): void {
  const hidden = $('[style], [aria-hidden="true"]')
    .toArray()
    .filter((el) => el.attribs['aria-hidden'] === 'true' || HIDDEN_STYLE.test(el.attribs.style ?? ''));
  removeAll(hidden.filter(isMinor));
}
/** Usually chrome, but a page may wrap its whole story in one (a <form>, a "sidebar" column): removed only
 * while it holds less than half of the page's text and of its paragraph points, and is not the story (`prune`). */
const USUALLY_CHROME = [
  'form, nav, header, footer, aside, figure, figcaption',
  '[role=navigation], [role=banner], [role=contentinfo]',
].join(', ');
const MAX_PRUNED_SHARE = 0.5;
/** A candidate inside the best that scores this share of the best's score is part of the story, not chrome. */
const STORY_PART_SHARE = 0.5;

/**
 * What pruning must leave standing: the best-scoring container, the nodes around it, and the candidates inside it
 * that score at least half as well (the best may be the grandparent of the story's paragraphs, and of a comment
 * section's), with the nodes between them and the best; and the parts of the story, inside it or beside it.
 */
function storyNodes(scores: Map<Element, number>): Set<Element> {
  const best = topCandidate(scores);
  if (!best) return new Set();
  const around = new Set(elementAncestors(best));
  const inside = new Set([best]);
  const bestScore = scores.get(best) ?? 0;
  const bar = STORY_PART_SHARE * bestScore;
  // A part of the story (a block of paragraphs, whatever its tag and class: a story's column cut into sibling
  // "sidebar" blocks) is kept at the score that would join it to the story beside it.
  const partBar = joinFloor(bestScore);
  for (const [el, score] of scores) {
    if (score < (holdsStoryBlocksOnly(el) ? partBar : bar)) continue;
    // Up to the first node already known to be inside the best or around it: each node is walked once.
    const path: Element[] = [];
    let a: Element | null = el;
    while (a && !inside.has(a) && !around.has(a)) {
      path.push(a);
      a = parentElement(a);
    }
    if (a && inside.has(a)) for (const node of path) inside.add(node);
  }
  // So is a part beside the best, which the story joins (joinSiblings) if pruning leaves it standing.
  for (const el of best.parent?.children ?? [])
    if (isTag(el) && (scores.get(el) ?? 0) >= partBar && holdsStoryBlocksOnly(el)) inside.add(el);
  return new Set([...inside, ...around]);
}

/**
 * Removes chrome so the scorer only sees candidate story containers. A node is removed by its tag or by a
 * class/id word, but never when it holds most of the page's text or of its paragraph points, nor when it is or
 * holds the best-scoring story: pruning must not take the story with it. Returns the nodes a class/id word marks as
 * chrome that it left standing.
 */
function prune($: CheerioAPI): Element[] {
  removeAll($(NEVER_TEXT).toArray());
  // htmlparser2 adds no <body> to a page that lacks one; the whole document is the page then.
  const total = new TextLengths().of($('body')[0] ?? $.root()[0]) || 1;
  // Each pass decides on every node before it removes any (all at once: one by one costs n² on a page of many
  // siblings), so the lengths measured at the start of the pass are the nodes' current ones.
  const shortIn = (lengths: TextLengths) => (el: Element) => lengths.of(el) < MAX_PRUNED_SHARE * total;
  removeHidden($, shortIn(new TextLengths()));
  // Nor is the story: no node that holds most of the page's paragraph points (a short story beside long menus
  // and footers holds less than half of the text), nor the best-scoring container or a node around it, whatever
  // its class says ("penci_sidebar" on a post). Measured once hidden text is gone and before chrome is pruned.
  const paragraphs = scoredParagraphs($);
  const lengths = new TextLengths();
  const held = pointsHeld(paragraphs, lengths, $.root()[0]);
  const story = storyNodes(candidateScores(paragraphs, lengths));
  // A page with no scored paragraph (every paragraph a <div>) holds no points: every node held "half of none", and
  // nothing was pruned, or counted as spared for the fallback.
  const fewPoints = (el: Element) => !held.total || (held.byElement.get(el) ?? 0) < MAX_PRUNED_SHARE * held.total;
  const minorIn = (lengths: TextLengths) => {
    const short = shortIn(lengths);
    return (el: Element) => short(el) && !story.has(el) && fewPoints(el);
  };
  const chrome = minorIn(new TextLengths());
  removeAll($(USUALLY_CHROME).toArray().filter(isTag).filter(chrome));
  const unlikely = minorIn(new TextLengths());
  const kept = new Set(['body', 'html', 'article', 'main']);
  const unlikelyChrome: Element[] = [];
  const spared: Element[] = [];
  for (const el of $('*').toArray().filter(isTag)) {
    if (kept.has(el.tagName)) continue;
    const sig = `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`.replace(NEGATED, ' ');
    if (!UNLIKELY.test(sig) || MAYBE.test(sig)) continue;
    (unlikely(el) ? unlikelyChrome : spared).push(el);
  }
  removeAll(unlikelyChrome);
  return spared;
}

/** Scripts written without spaces between words make a whole paragraph one "word"; a kicker is short in both. */
const MAX_KICKER_CHARS = 40;
const MAX_KICKER_WORDS = 4;
/**
 * The end of a first sentence, in Latin and in CJK punctuation (the ideographic full stop, full-width ! and ?, 」
 * and 』). Narrower than a paragraph's end (article-paragraphs.ts): a label ending in ":" ("Updated:") is a kicker.
 */
const ENDS_FIRST_SENTENCE = /[.!?"”\u3002\uFF01\uFF1F\u300D\u300F]$/;
const isKicker = (para: string) =>
  para.split(' ').length <= MAX_KICKER_WORDS && para.length < MAX_KICKER_CHARS && !ENDS_FIRST_SENTENCE.test(para);
/** What follows a kicker: a sentence, or a paragraph longer than any list's point (`SHORT_BLOCK`). */
const readsAsOpening = (para: string) => ENDS_FIRST_SENTENCE.test(para) || para.length > SHORT_BLOCK;

/**
 * Content heuristic in the spirit of readability: paragraphs score their parent (half their grandparent, a
 * sixth the next ancestor) by length and commas; the best container, penalised by link density and widened to the
 * ancestor a split story shares, is the story, joined with siblings that score nearly as well and sibling
 * paragraphs that read as prose. Returns paragraphs as plain text.
 */
export function extractBodyParagraphs($: CheerioAPI): string[] {
  return extractBody($).paragraphs;
}

/**
 * The body's paragraphs, and the blocks of paragraphs whose class or id reads as chrome that pruning spared because
 * they hold the story: the page's own words for them are wrong, which a second reader (the fallback) should know.
 */
export function extractBody($: CheerioAPI): { paragraphs: string[]; spared: Element[] } {
  const spared = prune($);
  // Only blocks of paragraphs: a comment module or a whole column spared for its points keeps its class word.
  return { paragraphs: storyParagraphs($), spared: spared.filter(holdsStoryBlocksOnly) };
}

/**
 * Containers read in turn where one reads as nothing: a block of many short table cells scores as paragraphs but
 * holds no prose (labels, figures), and the story beside it was lost with nothing read (the fallback then read the
 * page, where its shape allows). Each reading passes over what the last one covered.
 */
const MAX_READINGS = 3;

function storyParagraphs($: CheerioAPI): string[] {
  const lengths = new TextLengths();
  const paragraphs = scoredParagraphs($);
  const adjusted = candidateScores(paragraphs, lengths);
  const facts = (el: Element) => ({
    length: lengths.of(el),
    linkDensity: lengths.linkDensity(el),
    text: textOf($, $(el)),
  });
  // Measured once for every reading: each sums the whole page.
  const prose = paragraphTextHeld(paragraphs, lengths, $.root()[0]);
  // A block of text and inline elements that reads as prose is a paragraph, as in the story's containers.
  const unmarkedProse = (el: Element) => !holdsBlocks(el) && readsAsProse(facts(el));
  let ranked = [...adjusted].sort((a, b) => b[1] - a[1]);
  const points = pointsHeld(paragraphs, lengths, $.root()[0]);
  const widened = (candidates: [Element, number][]) =>
    widenToParts(widenTopCandidate(candidates, adjusted, facts), prose, (el) => lengths.of(el));
  for (let reading = 0; reading < MAX_READINGS && ranked.length && ranked[0][1] > 0; reading++) {
    let best = widened(ranked);
    const majorityFirst = reading ? ranked : inMajority(ranked, best, points, $.root()[0]);
    if (majorityFirst !== ranked) {
      ranked = majorityFirst;
      best = widened(ranked);
    }
    const bestScore = adjusted.get(best) ?? ranked[0][1];
    const containers = joinSiblings(best, bestScore, adjusted, facts, unmarkedProse);
    const paras = containerParagraphs(containers, lengths, looksLikeConsent);
    if (paras.length) return withoutKickers(paras);
    ranked = outside(ranked, containers);
  }
  return [];
}

/**
 * Kickers such as "5 Min Read" or a dateline label sit above the first sentence; they are not the story. Short lines
 * that the story goes on with in other lines short of a sentence are its list of key points.
 */
function withoutKickers(paras: string[]): string[] {
  let kickers = 0;
  while (kickers < paras.length - 1 && isKicker(paras[kickers])) kickers++;
  if (kickers && readsAsOpening(paras[kickers])) paras.splice(0, kickers);
  return paras;
}

/** The ranked candidates less those a reading covered: its containers, what they hold and what holds them. */
function outside(ranked: [Element, number][], containers: Element[]): [Element, number][] {
  const covered = new Set<AnyNode>();
  for (const c of containers) {
    for (const node of nodesWithin(c)) covered.add(node);
    for (const a of elementAncestors(c)) covered.add(a);
  }
  return ranked.filter(([el]) => !covered.has(el));
}

/** A block holding under this share of the page's paragraph points is not the story where one block holds most. */
const MINOR_POINTS_SHARE = 0.25;
/** Most of the page's paragraph points. */
const MAJORITY = 0.5;
const PAGE_ROOTS = new Set(['html', 'body']);

/**
 * The ranked candidates, with those inside the block that holds most of the page's paragraph points first, where the
 * top candidate is outside it and holds a small share: a story cut into parts a few wrappers deep scores each part
 * low (scores fall with each level), and one box of prose-like blurbs beside it (a comment badge legend, an author
 * box) outscored every part, though the story's block holds most of the page's points.
 */
function inMajority(
  ranked: [Element, number][],
  top: Element,
  held: { byElement: Map<Element, number>; total: number },
  root: AnyNode,
): [Element, number][] {
  if (!ranked.length || !held.total) return ranked;
  const share = (el: Element) => (held.byElement.get(el) ?? 0) / held.total;
  if (share(top) >= MINOR_POINTS_SHARE) return ranked;
  // The deepest element holding most of the points: at each level one child at most holds a majority.
  let majority: Element | null = null;
  for (let node: AnyNode | null = root; node && hasChildren(node); ) {
    const next: Element | null = node.children.find((c): c is Element => isTag(c) && share(c) >= MAJORITY) ?? null;
    if (!next) break;
    majority = next;
    node = next;
  }
  if (!majority || PAGE_ROOTS.has(majority.tagName)) return ranked;
  const inside = nodesWithin(majority);
  if (inside.has(top) || [...elementAncestors(majority)].includes(top)) return ranked;
  return [...ranked.filter(([el]) => inside.has(el)), ...ranked.filter(([el]) => !inside.has(el))];
}
