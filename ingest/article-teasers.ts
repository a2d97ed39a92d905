import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { STRUCTURE } from './article-paragraphs.js';
import type { TextLengths } from './text-lengths.js';

/** A teaser's text beside its headline: a summary of a sentence or two, a byline, a date. */
const MAX_SUMMARY_CHARS = 300;
/** Teasers come in lists ("More stories", "Related"); a lone linked heading beside a paragraph may be the story's. */
const MIN_LIST_ITEMS = 3;
const MIN_HEADLINE_CHARS = 10;
/** A link set apart from prose reads as a headline from four words (an author's or a section's name is shorter). */
const MIN_HEADLINE_WORDS = 4;
/** A link is set apart when it is nearly all of the run of text around it. */
const SET_APART = 0.9;
/** A teaser leads with its headline; at most a label ("Markets", a date) comes before it. */
const MAX_LEAD_CHARS = 30;

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const leadsElsewhere = (href: string | undefined) => !!href && !href.startsWith('#');
const isBlock = (n: AnyNode) => isTag(n) && STRUCTURE.has(n.tagName);
const holdsBlock = (el: Element): boolean =>
  el.children.some((c) => isTag(c) && (STRUCTURE.has(c.tagName) || holdsBlock(c)));
const holdsHeading = (el: Element): boolean =>
  el.children.some((c) => isTag(c) && (HEADINGS.has(c.tagName) || holdsHeading(c)));

const CELLS = new Set(['td', 'th']);
function inside(el: Element, tags: Set<string>): boolean {
  for (let a = el.parent; a && isTag(a); a = a.parent) if (tags.has(a.tagName)) return true;
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
  for (let a = h.parent; a && isTag(a); a = a.parent) if (a.tagName === 'a') return leadsElsewhere(a.attribs.href);
  if (lengths.linkDensity(h) < 0.5) return false;
  return $(h)
    .find('a')
    .toArray()
    .some((a) => leadsElsewhere(a.attribs.href));
}

const nodeLength = (n: AnyNode, lengths: TextLengths) =>
  isText(n) ? n.data.replace(/\s+/g, ' ').trim().length : isTag(n) ? lengths.of(n) : 0;

/**
 * A link to another page that stands apart from prose, as a card's headline does: it holds a block (a card whose
 * link wraps its title), or it is nearly all of the run of text between the blocks around it. A link inside a
 * sentence is part of a paragraph, never a headline.
 */
function isHeadlineLink(a: Element, lengths: TextLengths, $: CheerioAPI): boolean {
  // A table cell's link names its row's subject, not a story elsewhere.
  if (!leadsElsewhere(a.attribs.href) || holdsHeading(a) || inside(a, HEADINGS) || inside(a, CELLS)) return false;
  const text = $(a).text().trim();
  if (text.length < MIN_HEADLINE_CHARS || text.split(/\s+/).length < MIN_HEADLINE_WORDS) return false;
  if (holdsBlock(a)) return true;
  let child: Element = a;
  while (child.parent && isTag(child.parent) && !STRUCTURE.has(child.parent.tagName)) child = child.parent;
  const siblings = child.parent?.children ?? [child];
  const at = siblings.indexOf(child);
  let run = 0;
  for (let i = at; i >= 0 && !(i < at && isBlock(siblings[i])); i--) run += nodeLength(siblings[i], lengths);
  for (let i = at + 1; i < siblings.length && !isBlock(siblings[i]); i++) run += nodeLength(siblings[i], lengths);
  return lengths.of(a) >= SET_APART * run;
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
  const links = $('a[href]')
    .toArray()
    .filter((a) => isHeadlineLink(a, lengths, $));
  const headlines = [...headings, ...links];
  const held = new Map<Element, number>();
  for (const h of headlines) for (let a = h.parent; a && isTag(a); a = a.parent) held.set(a, (held.get(a) ?? 0) + 1);
  const lists = new Map<Element, Element[]>();
  for (const h of headlines) {
    const own = lengths.of(h);
    let item: Element = h;
    for (let p = h.parent; p && isTag(p) && held.get(p) === 1 && lengths.of(p) - own <= MAX_SUMMARY_CHARS; p = p.parent)
      item = p;
    const list = item.parent;
    if (item === h || !list || !isTag(list) || textBefore(item, h, MAX_LEAD_CHARS) > MAX_LEAD_CHARS) continue;
    const items = lists.get(list);
    if (items) items.push(item);
    else lists.set(list, [item]);
  }
  return [...lists.values()].filter((items) => items.length >= MIN_LIST_ITEMS).flat();
}
