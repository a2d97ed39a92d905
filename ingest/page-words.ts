import type { AnyNode } from 'domhandler';
import { hasChildren, isTag, isText } from 'domhandler';

const wordsIn = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Words of the page's visible text outside links, counted text node by text node. Counting `.text()` instead
 * glued the nodes together ("<a>Home</a><a>News</a>" read as one word), so a page of many links seemed to hold
 * far more prose than it does. Depth is bounded by the HTML limits checked before parsing.
 */
export function wordsOutsideLinks(node: AnyNode, inLink = false): number {
  if (isText(node)) return inLink ? 0 : wordsIn(node.data);
  if (!hasChildren(node)) return 0;
  const link = inLink || (isTag(node) && node.tagName === 'a');
  let n = 0;
  for (const c of node.children) n += wordsOutsideLinks(c, link);
  return n;
}
