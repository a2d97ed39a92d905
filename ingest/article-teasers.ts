import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { HEADINGS } from './article-candidates.js';
import { holdsBlocks, STRUCTURE } from './article-paragraphs.js';
import { elementAncestors } from './dom-ancestors.js';
import type { TextLengths } from './text-lengths.js';

/**
 * A teaser's text beside its headline: a summary of a sentence or three (blog plugins' related-post excerpts run to
 * about fifty words), a byline, a date, a category.
 */
const MAX_SUMMARY_CHARS = 400;
/** Teasers come in lists ("More stories", "Related"); a lone linked heading beside a paragraph may be the story's. */
const MIN_LIST_ITEMS = 3;
const MIN_HEADLINE_CHARS = 10;
/** A link set apart from prose reads as a headline from four words (an author's or a section's name is shorter). */
const MIN_HEADLINE_WORDS = 4;
/** A link is set apart when it is nearly all of the run of text around it. */
const SET_APART = 0.9;
/** A teaser leads with its headline; at most a label ("Markets", a date) comes before it. */
const MAX_LEAD_CHARS = 30;

const leadsElsewhere = (href: string | undefined) => !!href && !href.startsWith('#');
const isBlock = (n: AnyNode) => isTag(n) && STRUCTURE.has(n.tagName);
const holdsHeading = (el: Element): boolean =>
  el.children.some((c) => isTag(c) && (HEADINGS.has(c.tagName) || holdsHeading(c)));

const CELLS = new Set(['td', 'th']);
function inside(el: Element, tags: Set<string>): boolean {
  for (const a of elementAncestors(el)) if (tags.has(a.tagName)) return true;
  return false;
}

/** Characters of text in `item` before `headline`, counted until `limit` is passed. */
function textBefore(item: Element, headline: Element, limit: number): number {
  let seen = 0;
  const walk = (n: AnyNode): boolean => {
    if (n === headline) return true;
    if (isText(n)) seen += n.data.replace(/\s+/g, ' ').trim().length;
    else if (isTag(n)) for (const c of n.children) if (walk(c) || seen > limit) return true;
    return false;
  };
  walk(item);
  return seen;
}

/** A heading that links to another page: mostly link text, or set inside a link. */
function isLinkedHeading(h: Element, lengths: TextLengths, $: CheerioAPI): boolean {
  if (lengths.of(h) < MIN_HEADLINE_CHARS) return false;
  for (const a of elementAncestors(h)) if (a.tagName === 'a') return leadsElsewhere(a.attribs.href);
  if (lengths.linkDensity(h) < 0.5) return false;
  return $(h)
    .find('a')
    .toArray()
    .some((a) => leadsElsewhere(a.attribs.href));
}

const nodeLength = (n: AnyNode, lengths: TextLengths) =>
  isText(n) ? n.data.replace(/\s+/g, ' ').trim().length : isTag(n) ? lengths.of(n) : 0;

/**
 * The length of the run of phrasing content (text and inline elements between blocks) each child belongs to,
 * measured once per parent: measured per link, a paragraph of n links cost n².
 */
class InlineRuns {
  private readonly memo = new Map<ParentNode, Map<AnyNode, number>>();
  constructor(private readonly lengths: TextLengths) {}

  of(child: AnyNode): number {
    const parent = child.parent;
    if (!parent) return nodeLength(child, this.lengths);
    let runs = this.memo.get(parent);
    if (!runs) {
      runs = new Map();
      let run: AnyNode[] = [];
      let total = 0;
      const close = () => {
        for (const n of run) runs?.set(n, total);
        run = [];
        total = 0;
      };
      for (const c of parent.children) {
        if (isBlock(c)) {
          close();
          runs.set(c, nodeLength(c, this.lengths));
        } else {
          run.push(c);
          total += nodeLength(c, this.lengths);
        }
      }
      close();
      this.memo.set(parent, runs);
    }
    return runs.get(child) ?? 0;
  }
}

/**
 * A link to another page that stands apart from prose, as a card's headline does: it holds a block (a card whose
 * link wraps its title), or it is nearly all of the run of text between the blocks around it. A link inside a
 * sentence is part of a paragraph, never a headline.
 */
function isHeadlineLink(a: Element, lengths: TextLengths, runs: InlineRuns, $: CheerioAPI): boolean {
  // A table cell's link names its row's subject, not a story elsewhere.
  if (!leadsElsewhere(a.attribs.href) || holdsHeading(a) || inside(a, HEADINGS) || inside(a, CELLS)) return false;
  if (lengths.of(a) < MIN_HEADLINE_CHARS || $(a).text().trim().split(/\s+/).length < MIN_HEADLINE_WORDS) return false;
  if (holdsBlocks(a)) return true;
  let child: Element = a;
  while (child.parent && isTag(child.parent) && !isBlock(child.parent)) child = child.parent;
  return lengths.of(a) >= SET_APART * runs.of(child);
}

/**
 * The items of teaser lists: blocks that lead with a headline linking elsewhere (a linked heading, or a link set
 * apart from prose as cards set theirs) followed by a short summary, three or more under one parent ("More
 * stories", "Most read", a category grid). Their summaries read as prose, so on a short story their scores
 * outweigh the story's; what marks them is the structure, whatever their tags and class names.
 */
export function teaserItems($: CheerioAPI, lengths: TextLengths): Element[] {
  const headings = $('h2, h3, h4, h5, h6')
    .toArray()
    .filter((h) => isLinkedHeading(h, lengths, $));
  const runs = new InlineRuns(lengths);
  const links = $('a[href]')
    .toArray()
    .filter((a) => isHeadlineLink(a, lengths, runs, $));
  const headlines = [...headings, ...links];
  const held = new Map<Element, number>();
  for (const h of headlines) for (const a of elementAncestors(h)) held.set(a, (held.get(a) ?? 0) + 1);
  const lists = new Map<Element, Element[]>();
  for (const h of headlines) {
    const own = lengths.of(h);
    let item: Element = h;
    for (const p of elementAncestors(h)) {
      if (held.get(p) !== 1 || lengths.of(p) - own > MAX_SUMMARY_CHARS) break;
      item = p;
    }
    const list = item.parent;
    if (item === h || !list || !isTag(list) || textBefore(item, h, MAX_LEAD_CHARS) > MAX_LEAD_CHARS) continue;
    const items = lists.get(list);
    if (items) items.push(item);
    else lists.set(list, [item]);
  }
  return [...lists.values()].filter((items) => items.length >= MIN_LIST_ITEMS).flat();
}
