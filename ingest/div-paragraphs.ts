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

/** The share of `part`'s words that `whole` holds, each word of `whole` counted once. */
export function wordsHeld(whole: string[], part: string[]): number {
  const have = new Map<string, number>();
  for (const w of whole.join(' ').split(/\s+/)) have.set(w, (have.get(w) ?? 0) + 1);
  const want = part.join(' ').split(/\s+/);
  let held = 0;
  for (const w of want) {
    const n = have.get(w) ?? 0;
    if (!n) continue;
    held++;
    have.set(w, n - 1);
  }
  return want.length ? held / want.length : 1;
}
