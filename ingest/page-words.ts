import type { AnyNode } from 'domhandler';
import { hasChildren, isTag, isText } from 'domhandler';
import { countWords } from './word-count.js';

/**
 * Words of the page's visible text outside links, counted text node by text node. Counting `.text()` instead
 * glued the nodes together ("<a>Home</a><a>News</a>" read as one word), so a page of many links seemed to hold
 * far more prose than it does. A link inside a paragraph (`<p>`) is running text, not navigation, and counts: the
 * body it is measured against counts it too, so a story that links every fourth word is not made to look like a
 * larger share of its page. Depth is bounded by the HTML limits checked before parsing.
 */
export function wordsOutsideLinks(node: AnyNode, inLink = false, inParagraph = false): number {
  if (isText(node)) return inLink && !inParagraph ? 0 : countWords(node.data);
  if (!hasChildren(node)) return 0;
  const link = inLink || (isTag(node) && node.tagName === 'a');
  const paragraph = inParagraph || (isTag(node) && node.tagName === 'p');
  let n = 0;
  for (const c of node.children) n += wordsOutsideLinks(c, link, paragraph);
  return n;
}
