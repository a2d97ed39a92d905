import { type AnyNode, hasChildren, isTag } from 'domhandler';
import { holdsBlocks } from './article-paragraphs.js';

/**
 * Each `<div>` that holds only text and inline elements, read as a `<p>`, as Readability reads them. Innermost
 * first, so a `<div>` around such paragraphs holds blocks and stays a `<div>`. Depth is bounded by the HTML limits
 * checked before parsing.
 */
export function divsAsParagraphs(root: AnyNode): void {
  const walk = (node: AnyNode) => {
    if (!hasChildren(node)) return;
    for (const c of node.children) walk(c);
    if (isTag(node) && node.tagName === 'div' && !holdsBlocks(node)) node.name = 'p';
  };
  walk(root);
}
