import type { AnyNode, Element } from 'domhandler';
import { hasChildren, isTag, isText } from 'domhandler';
import { STRUCTURE } from './article-paragraphs.js';

/** Blocks whose presence makes a custom element a container rather than a run of text. */
const CONTAINER_BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'ul',
  'ol',
  'table',
  'blockquote',
  'h2',
  'h3',
  'h4',
  'pre',
]);
/** Containers whose element children, standing alone, are blocks of their own. */
const CONTAINER_PARENTS = new Set(['html', 'body', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer']);

/** How `customBlocks` reads a DOM: element children, the tag name, and whether an element holds text of its own. */
export interface ElementTree<E> {
  elements(el: E): Iterable<E>;
  name(el: E): string;
  holdsText(el: E): boolean;
}

/**
 * The custom elements (a hyphen in the name, as HTML requires of them: `<story-body>`, `<x-para>`) that are blocks,
 * to be read as `<div>`s, the generic container. Both readings of a page know only HTML's tags, so a story built of
 * web components lost its paragraphs. One is a block where it holds blocks, or where it stands as one: its parent
 * a container holding no text of its own and no inline element beside it (no sentence around it). One inside a
 * sentence, a line or a paragraph (`<p>Posted <relative-time>`, `<span>By</span> <author-name>`) stays inline.
 * Two passes: bottom-up for what an element holds (a search of every custom element's subtree would cost the tree's
 * size times its depth), then top-down, so a parent is decided before its children. The depth is bounded by the
 * HTML limits checked before parsing.
 */
export function customBlocks<E>(root: E, tree: ElementTree<E>): Set<E> {
  const blocks = new Set<E>();
  const isCustom = (el: E) => tree.name(el).includes('-');
  const holdsBlock = (el: E): boolean => {
    let found = false;
    for (const child of tree.elements(el)) found = holdsBlock(child) || CONTAINER_BLOCKS.has(tree.name(child)) || found;
    if (found && isCustom(el)) blocks.add(el);
    return found;
  };
  holdsBlock(root);
  const standAlone = (el: E, isRoot: boolean): void => {
    const name = blocks.has(el) ? 'div' : tree.name(el);
    const container = isRoot || CONTAINER_PARENTS.has(name);
    // Beside text or an inline element (`<span>By</span> <author-name>`) it is part of a line, not a block.
    const children = [...tree.elements(el)];
    const alone = container && !tree.holdsText(el) && children.every((c) => isCustom(c) || STRUCTURE.has(tree.name(c)));
    for (const child of children) {
      if (alone && isCustom(child)) blocks.add(child);
      standAlone(child, false);
    }
  };
  standAlone(root, true);
  return blocks;
}

/** The main path's tree (domhandler, as cheerio parses it). */
const domhandlerTree: ElementTree<AnyNode> = {
  elements: (el) => (hasChildren(el) ? el.children.filter(isTag) : []),
  name: (el) => (isTag(el) ? el.name : ''),
  holdsText: (el) => hasChildren(el) && el.children.some((c) => isText(c) && c.data.trim() !== ''),
};

/** Renames the custom elements that are blocks (`customBlocks`) to `div` in a cheerio document. */
export function customBlocksAsDivs(root: AnyNode): void {
  for (const el of customBlocks(root, domhandlerTree)) (el as Element).name = 'div';
}
