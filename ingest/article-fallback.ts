import { Readability } from '@mozilla/readability';
import type { AnyNode } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import { normalise, STRUCTURE } from './article-paragraphs.js';
import { customBlocks, type ElementTree } from './custom-elements.js';

export interface FallbackArticle {
  title: string | null;
  byline: string | null;
  paragraphs: string[];
}

/** Table cells stay on their row's line; every other block, and a line break, ends a paragraph. */
const CELLS = new Set(['td', 'th']);
/** As in the main path, a block mostly of link text is a link list or a "Related:" line, not the story. */
const MAX_LINK_SHARE = 0.5;

/** A page's navigation by its markup: breadcrumbs, a table of contents, pagination. */
const isNavigation = (n: AnyNode) => isTag(n) && (n.tagName === 'nav' || n.attribs.role === 'navigation');
/** Navigation left out only while the rest holds most of the text: a broken page may set its story in a `<nav>`. */
const MOST_TEXT = 0.5;

/**
 * The paragraphs of Readability's article HTML, one per block, without figure captions and navigation: as on the
 * main path, a photo's caption and credit and a breadcrumb trail ("Home › Markets", glued to the headline beside
 * it) are not the story's text. Its `textContent` glued blocks that the page writes without whitespace between them
 * ("said.</p><p>The" read "said.The"), as minified pages and `<br>` lines do, and split a paragraph wherever the
 * source broke its line.
 */
export function blockParagraphs(html: string): string[] {
  // htmlparser2's tree, not cheerio's parse5 one: the HTML is Readability's own serialisation, and on a page of
  // 50,000 lines parse5's tree held 28 MB more at the fallback's peak.
  const tree = parseDocument(html).children;
  const whole = readBlocks(tree, false);
  const hasNavigation = (nodes: AnyNode[]): boolean =>
    nodes.some((n) => isNavigation(n) || (isTag(n) && hasNavigation(n.children)));
  if (!hasNavigation(tree)) return whole;
  const withoutNavigation = readBlocks(tree, true);
  const length = (ps: string[]) => ps.reduce((a, p) => a + p.length, 0);
  return length(withoutNavigation) >= MOST_TEXT * length(whole) ? withoutNavigation : whole;
}

function readBlocks(tree: AnyNode[], skipNavigation: boolean): string[] {
  const out: string[] = [];
  let text = '';
  let links = 0;
  const flush = (listItem = false) => {
    const t = normalise(text);
    if (t && (listItem || links < MAX_LINK_SHARE * text.length)) out.push(t);
    text = '';
    links = 0;
  };
  const walk = (n: AnyNode, inLink: boolean) => {
    if (isText(n)) {
      text += n.data;
      if (inLink) links += n.data.length;
      return;
    }
    if (!isTag(n) || n.tagName === 'figcaption' || (skipNavigation && isNavigation(n))) return;
    const breaks = n.tagName === 'br' || (STRUCTURE.has(n.tagName) && !CELLS.has(n.tagName));
    if (breaks) flush();
    else if (CELLS.has(n.tagName)) text += ' ';
    for (const c of n.children) walk(c, inLink || n.tagName === 'a');
    if (breaks) flush(n.tagName === 'li');
    else if (CELLS.has(n.tagName)) text += ' ';
  };
  for (const n of tree) walk(n, false);
  flush();
  return out;
}

/** linkedom's tree, as Readability reads it. */
const linkedomTree: ElementTree<Element> = {
  elements: (el) => el.children,
  name: (el) => el.localName,
  holdsText: (el) => [...el.childNodes].some((c) => c.nodeType === TEXT_NODE && !!c.textContent?.trim()),
};
const TEXT_NODE = 3;

/**
 * The custom elements that are blocks (custom-elements.ts), as `<div>`s: Readability reads the tags it knows, so a
 * story whose paragraphs sit in web components lost them to a banner beside them.
 */
function customBlocksAsDivs(document: Document): void {
  if (!document.documentElement) return;
  for (const el of customBlocks(document.documentElement, linkedomTree)) {
    const div = document.createElement('div');
    for (const { name, value } of [...el.attributes]) div.setAttribute(name, value);
    div.append(...el.childNodes);
    el.replaceWith(div);
  }
}

const BODY_TAG = /<body[\s>/]/i;
const HEAD_SHELL = /<!doctype[^>]*>|<\/?(?:html|head)\b[^>]*>/gi;
/** What may open a page before its body: a doctype, comments, the html and head tags, and the head's elements. */
const HEAD_PART = new RegExp(
  [
    '\\s*(?:<!doctype[^>]*>|<!--[\\s\\S]*?-->|<\\/?(?:html|head)\\b[^>]*>|<(?:meta|link|base)\\b[^>]*>',
    '<(title|style|script)\\b[^>]*>[\\s\\S]*?<\\/\\1\\s*>)',
  ].join('|'),
  'iy',
);

/**
 * The page with a `<body>` start tag. HTML lets a page leave out `<html>`, `<head>` and `<body>`, and browsers (and
 * htmlparser2) read such a page whole, but linkedom builds no body for it: Readability then read nothing, so the
 * fallback found no story on any page written that way, a page of plain text among them. The tag goes after what
 * opens the page (doctype, head and its elements), so the title's text does not become body text.
 */
export function withBodyTag(html: string): string {
  if (BODY_TAG.test(html)) return html;
  HEAD_PART.lastIndex = 0;
  let end = 0;
  while (HEAD_PART.exec(html)) end = HEAD_PART.lastIndex;
  // linkedom reads the head's elements only inside a <head>, and the page only inside <html>: both are rebuilt.
  const head = html.slice(0, end).replace(HEAD_SHELL, '');
  return `<!DOCTYPE html><html><head>${head}</head><body>${html.slice(end)}</body></html>`;
}

/**
 * Mozilla's Readability (the Firefox reader view's algorithm, a well-kept library) on linkedom, a light DOM:
 * the second strategy for pages where the main heuristic finds little. Its article comes back one paragraph per
 * block. Null when it finds nothing, or throws on a page it cannot handle.
 */
export function readabilityArticle(html: string): FallbackArticle | null {
  try {
    const { document } = parseHTML(withBodyTag(html));
    customBlocksAsDivs(document as unknown as Document);
    const r = new Readability(document as unknown as Document).parse();
    if (!r?.content || !r.textContent?.trim()) return null;
    return { title: r.title ?? null, byline: r.byline ?? null, paragraphs: blockParagraphs(r.content) };
  } catch {
    return null;
  }
}
