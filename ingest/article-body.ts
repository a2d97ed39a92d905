import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { joinSiblings, MAX_PARAGRAPH_WRAPPERS, soleChild, widenTopCandidate } from './article-candidates.js';
import { containerParagraphs, holdsBlocks } from './article-paragraphs.js';
import { looksLikeConsent } from './article-banners.js';
import { brBlockParagraphs, paragraphPoints } from './br-paragraphs.js';
import { removeAll } from './dom-remove.js';
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
/** Ancestors a paragraph's score reaches. Of 2, 3 and Readability's 5 on its test corpus, 3 read most stories whole
 * (docs/extraction.md). */
const SCORED_ANCESTORS = 3;

function textOf(_$: CheerioAPI, el: Cheerio<AnyNode>): string {
  return el
    .text()
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Never page text: removed outright. */
const NEVER_TEXT = 'script, style, noscript, iframe, svg, button, select, input, picture, video, audio, [hidden]';
/** An inline style that hides the element from readers (what the page shows is what a reader sees). */
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

/**
 * Removes hidden elements, but not one that holds most of the page's text: a page saved while a consent dialog
 * was open often marks its whole content aria-hidden, and script-revealed stories start as display:none.
 */
function removeHidden($: CheerioAPI, isMinor: (el: Element) => boolean): void {
  const hidden = $('[style], [aria-hidden="true"]')
    .toArray()
    .filter((el) => el.attribs['aria-hidden'] === 'true' || HIDDEN_STYLE.test(el.attribs.style ?? ''));
  removeAll(hidden.filter(isMinor));
}
/** Usually chrome, but a page may wrap its whole story in one (a <form>, a "sidebar" column): removed only
 * while it holds less than half of the page's text. */
const USUALLY_CHROME = [
  'form, nav, header, footer, aside, figure, figcaption',
  '[role=navigation], [role=banner], [role=contentinfo]',
].join(', ');
const MAX_PRUNED_SHARE = 0.5;

/**
 * Removes chrome so the scorer only sees candidate story containers. A node is removed by its tag or by a
 * class/id word, but never when it holds most of the page's text: pruning must not take the story with it.
 */
function prune($: CheerioAPI): void {
  removeAll($(NEVER_TEXT).toArray());
  // htmlparser2 adds no <body> to a page that lacks one; the whole document is the page then.
  const total = new TextLengths().of($('body')[0] ?? $.root()[0]) || 1;
  // Each pass decides on every node before it removes any (all at once: one by one costs n² on a page of many
  // siblings), so the lengths measured at the start of the pass are the nodes' current ones.
  const minorIn = (lengths: TextLengths) => (el: Element) => lengths.of(el) < MAX_PRUNED_SHARE * total;
  removeHidden($, minorIn(new TextLengths()));
  const chrome = minorIn(new TextLengths());
  removeAll($(USUALLY_CHROME).toArray().filter(isTag).filter(chrome));
  const unlikely = minorIn(new TextLengths());
  const kept = new Set(['body', 'html', 'article', 'main']);
  const unlikelyChrome = $('*')
    .toArray()
    .filter(isTag)
    .filter((el) => {
      if (kept.has(el.tagName)) return false;
      const sig = `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`;
      return UNLIKELY.test(sig) && !MAYBE.test(sig) && unlikely(el);
    });
  removeAll(unlikelyChrome);
}

/**
 * Content heuristic in the spirit of readability: paragraphs score their parent (half their grandparent, a
 * sixth the next ancestor) by length and commas; the best container, penalised by link density and widened to the
 * ancestor a split story shares, is the story, joined with siblings that score nearly as well and sibling
 * paragraphs that read as prose. Returns paragraphs as plain text.
 */
export function extractBodyParagraphs($: CheerioAPI): string[] {
  prune($);
  const lengths = new TextLengths();
  const scores = new Map<Element, number>();
  // Each paragraph scores once: a block of <br> lines is reached once per <br>, and scoring it again each time cost
  // n² on a page of n lines (8,000 lines took 28 s).
  const scored = new Set<AnyNode>();
  $('p, pre, td, div > br').each((_, e) => {
    // A cell that holds blocks is page layout (a whole page set in one <td>), not a paragraph of text.
    if (e.tagName === 'td' && holdsBlocks(e)) return;
    const block = e.tagName === 'br' ? (e.parent as Element) : e;
    if (scored.has(block)) return;
    scored.add(block);
    const p = $(block);
    const lines = block.tagName === 'pre' ? null : brBlockParagraphs(block);
    const s = lines ? lines.points : paragraphPoints(textOf($, p));
    if (!s) return;
    // A block of several <br>-separated paragraphs is their container, as if they were <p>s inside it: it takes
    // the whole score itself.
    const container = e.tagName === 'br' && lines && lines.paragraphs > 1;
    // The parent takes the whole score, the grandparent half, the next a sixth (Readability's dividers), so a
    // story whose paragraphs sit at two depths still rises to the container that holds both.
    // Wrappers around the paragraph alone (a component's <div><p>) add no level: the story's container still takes the
    // whole score, as where its paragraphs are its children.
    let child: Element = p[0] as Element;
    let a = container ? block : (p.parent()[0] as Element | undefined);
    let level = 0;
    let wrappers = 0;
    while (a && isTag(a) && level < SCORED_ANCESTORS) {
      scores.set(a, (scores.get(a) ?? 0) + s / (level === 0 ? 1 : level === 1 ? 2 : level * 3));
      if (level === 0 && wrappers < MAX_PARAGRAPH_WRAPPERS && soleChild(a) === child) wrappers++;
      else level++;
      child = a;
      a = a.parent && isTag(a.parent) ? a.parent : undefined;
    }
  });
  // A candidate's score, discounted by the share of its text in links.
  const adjusted = new Map<Element, number>();
  for (const [el, sc] of scores) adjusted.set(el, sc * (1 - lengths.linkDensity(el)));
  const ranked = [...adjusted].sort((a, b) => b[1] - a[1]);
  if (!ranked.length || ranked[0][1] <= 0) return [];
  const facts = (el: Element) => ({
    length: lengths.of(el),
    linkDensity: lengths.linkDensity(el),
    text: textOf($, $(el)),
  });
  const best = widenTopCandidate(ranked, adjusted, facts);
  const bestScore = adjusted.get(best) ?? ranked[0][1];
  const containers = joinSiblings(best, bestScore, adjusted, facts);
  const paras = containerParagraphs(containers, lengths, looksLikeConsent);
  // Kickers such as "5 Min Read" or a dateline label sit above the first sentence; they are not the story.
  while (paras.length > 1 && paras[0].split(' ').length < 5 && !/[.!?"”]$/.test(paras[0])) paras.shift();
  return paras;
}
