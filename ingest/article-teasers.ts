import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { isTag } from 'domhandler';
import type { TextLengths } from './text-lengths.js';

/** A teaser's text beside its headline: a summary of a sentence or two, a byline, a date. */
const MAX_SUMMARY_CHARS = 300;
/** Teasers come in lists ("More stories", "Related"); a lone linked heading beside a paragraph may be the story's. */
const MIN_LIST_ITEMS = 3;
const MIN_HEADLINE_CHARS = 10;

const leadsElsewhere = (href: string | undefined) => !!href && !href.startsWith('#');

/** A heading that links to another page: mostly link text, or set inside a link. */
function isLinkedHeadline(h: Element, lengths: TextLengths, $: CheerioAPI): boolean {
  if (lengths.of(h) < MIN_HEADLINE_CHARS) return false;
  for (let a = h.parent; a && isTag(a); a = a.parent) if (a.tagName === 'a') return leadsElsewhere(a.attribs.href);
  if (lengths.linkDensity(h) < 0.5) return false;
  return $(h)
    .find('a')
    .toArray()
    .some((a) => leadsElsewhere(a.attribs.href));
}

/**
 * The items of teaser lists: blocks made of a headline linking elsewhere and a short summary, three or more under
 * one parent ("More stories", "Most read", a category grid). Their summaries read as prose, so on a short story
 * their scores outweigh the story's; what marks them is the structure, whatever their class names.
 */
export function teaserItems($: CheerioAPI, lengths: TextLengths): Element[] {
  const headlines = $('h2, h3, h4, h5, h6')
    .toArray()
    .filter((h) => isLinkedHeadline(h, lengths, $));
  const held = new Map<Element, number>();
  for (const h of headlines) for (let a = h.parent; a && isTag(a); a = a.parent) held.set(a, (held.get(a) ?? 0) + 1);
  const lists = new Map<Element, Element[]>();
  for (const h of headlines) {
    const own = lengths.of(h);
    let item: Element = h;
    for (let p = h.parent; p && isTag(p) && held.get(p) === 1 && lengths.of(p) - own <= MAX_SUMMARY_CHARS; p = p.parent)
      item = p;
    const list = item.parent;
    if (item === h || !list || !isTag(list)) continue;
    const items = lists.get(list);
    if (items) items.push(item);
    else lists.set(list, [item]);
  }
  return [...lists.values()].filter((items) => items.length >= MIN_LIST_ITEMS).flat();
}
