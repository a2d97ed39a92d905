import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { type BlockFacts, carriesProse } from './article-candidates.js';
import type { TextLengths } from './text-lengths.js';

/** Blocks that hold a paragraph's text as the page marks it; the innermost one carries the text. */
const MARKED = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'pre']);
/** Of those, the headings: one that is all link may still head a part of the story. */
const HEADINGS = new Set(['h2', 'h3', 'h4']);
/** The page's own heading repeats the title, which the article reports on its own. */
const SKIPPED = new Set(['h1']);
/**
 * Elements that start a new block of text (HTML's block-level flow content). Anything else (text, links,
 * emphasis, spans) is phrasing content, and a run of it between blocks is a paragraph too.
 */
export const STRUCTURE = new Set([
  ...MARKED,
  ...SKIPPED,
  ...['h5', 'h6', 'hgroup', 'header', 'footer', 'address', 'article', 'aside', 'main', 'nav', 'section'],
  ...['div', 'center', 'details', 'summary', 'dialog', 'fieldset', 'form', 'figure', 'figcaption', 'hr'],
  ...['ul', 'ol', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th'],
]);

/**
 * Unmarked text is a paragraph when it reads as prose: a sentence's worth of text outside links (as a candidate
 * block must carry) that ends a sentence. A teaser headline, a credit or a label set in a div does not end one.
 * Chinese and Japanese end theirs with full-width marks (。！？：；)
 * and close quotes with 」 』 ）; a wiki puts its footnote markers after the full stop ("...in 1840.[12]").
 */
const ENDS_SENTENCE = /[.!?…:;\u3002\uFF01\uFF1F\uFF1A\uFF1B]["”’»)\]\u300D\u300F\uFF09]*(?:\[\w{1,4}\])*$/;
export const readsAsProse = (f: BlockFacts) => carriesProse(f) && ENDS_SENTENCE.test(f.text);

/**
 * Characters a reader never sees and that split a word for anyone who searches it: soft hyphens (a hyphenation
 * hint), zero-width spaces, word joiners, byte-order marks. Zero-width (non-)joiners are kept: emoji and scripts such
 * as Persian write with them.
 */
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;
/** Text as a reader sees it: no invisible characters, no-break spaces as spaces, every run of whitespace one space. */
export const normalise = (s: string) =>
  s
    .replace(INVISIBLE, '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** A node's text, with a space where a line break or a block separates words the markup writes together. */
export function nodeText(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (!isTag(node)) return '';
  // A line break separates words that the markup writes without a space ("line<br>next"), and so does a block
  // inside a paragraph's element (a table's cells in a list item: "<td>Anna</td><td>455</td>").
  if (node.tagName === 'br') return ' ';
  const text = node.children.map(nodeText).join('');
  return STRUCTURE.has(node.tagName) ? ` ${text} ` : text;
}

/** Whether any element under `el` starts a block of its own (a run of its text is then not one paragraph). */
export const holdsBlocks = (el: Element): boolean =>
  el.children.some((c) => isTag(c) && (STRUCTURE.has(c.tagName) || holdsBlocks(c)));
const holdsMarked = (el: Element): boolean =>
  el.children.some((c) => isTag(c) && (MARKED.has(c.tagName) || holdsMarked(c)));

/**
 * A table row of cells that hold only text and inline elements: a data table's row, read as one line of its cells.
 * Read as prose, a table of figures lost every cell that does not end a sentence ("Q1 2024", "$1.2bn").
 */
const readsAsDataRow = (tr: Element) => {
  const cells = tr.children.filter((c): c is Element => isTag(c) && (c.tagName === 'td' || c.tagName === 'th'));
  return cells.length > 1 && cells.every((c) => !holdsBlocks(c));
};

/** Blocks whose links are their content (a list of sources, a table's row subjects) or that hold a story. */
const NOT_WIDGETS = new Set([
  ...MARKED,
  ...['ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th'],
  ...['article', 'main'],
]);
/**
 * Readability's conditional cleaning, its link rule: within the story, a box of blocks with under ten commas and
 * over a fifth of its text in links is a pitch, a share bar or a box of related stories, not a part of the story.
 * Links inside its paragraphs do not count: a section of the story that links its terms is still story.
 */
const MAX_WIDGET_COMMAS = 10;
const MIN_WIDGET_LINK_DENSITY = 0.2;

/**
 * The paragraphs of the story's containers, in document order. A block the page marks as a paragraph (`p`,
 * `h2`–`h4`, `li`, `blockquote`, `pre`) is kept unless it is mostly links (a linked heading the story goes on
 * after aside) or a consent banner. Text the page leaves unmarked (a `div` or table cell of plain text, a run of
 * text and links between blocks, lines split by `<br>`) is read as paragraphs too, as Readability does, but only
 * where it reads as prose. A data table's row is one paragraph of its cells. A box of blocks whose links stand
 * alone (a pitch, a share bar) is skipped whole.
 */
export function containerParagraphs(
  containers: Element[],
  lengths: TextLengths,
  isBoilerplate: (text: string) => boolean,
): string[] {
  const out: string[] = [];
  // A heading that is all link (a product's name in a roundup) is the story's subheading when the story goes on
  // after it; one that only links follow, at the story's end, heads a list of links.
  let linkedHeading: string | null = null;
  const keep = (text: string) => {
    if (linkedHeading) out.push(linkedHeading);
    linkedHeading = null;
    out.push(text);
  };
  let run: AnyNode[] = [];
  // `<br>`s in a row since the last text: two or more end a paragraph, one breaks a line within it (as scoring reads
  // them, see br-paragraphs.ts), so a sentence the page wraps with one `<br>` stays one paragraph.
  let breaks = 0;
  const flush = () => {
    breaks = 0;
    if (!run.length) return;
    let length = 0;
    let links = 0;
    for (const n of run) {
      const l = isText(n) ? normalise(n.data).length : isTag(n) ? lengths.of(n) : 0;
      length += l;
      if (isTag(n)) links += l * lengths.linkDensity(n);
    }
    const text = normalise(run.map(nodeText).join(''));
    run = [];
    if (readsAsProse({ length, linkDensity: links / (length || 1), text }) && !isBoilerplate(text)) keep(text);
  };
  const roots = new Set(containers);
  const readsAsWidget = (el: Element) =>
    !roots.has(el) &&
    !NOT_WIDGETS.has(el.tagName) &&
    lengths.commas(el) < MAX_WIDGET_COMMAS &&
    lengths.looseLinkDensity(el) > MIN_WIDGET_LINK_DENSITY &&
    holdsBlocks(el);
  const visit = (node: AnyNode) => {
    if (isText(node)) {
      run.push(node);
      if (node.data.trim()) breaks = 0;
      return;
    }
    if (!isTag(node)) return;
    if (node.tagName === 'br') {
      run.push(node);
      if (++breaks === 2) flush();
      return;
    }
    breaks = 0;
    if (!STRUCTURE.has(node.tagName) && !holdsBlocks(node)) {
      run.push(node);
      return;
    }
    flush();
    if (SKIPPED.has(node.tagName)) return;
    const dataRow = node.tagName === 'tr' && readsAsDataRow(node);
    if (dataRow || (MARKED.has(node.tagName) && !holdsMarked(node))) {
      const text = normalise(nodeText(node));
      if (text.length < 2 || isBoilerplate(text)) return;
      if (lengths.linkDensity(node) < 0.5) keep(text);
      else if (HEADINGS.has(node.tagName)) linkedHeading = text;
      return;
    }
    if (readsAsWidget(node)) return;
    for (const child of node.children) visit(child);
    flush();
  };
  for (const c of containers) visit(c);
  flush();
  return out;
}
