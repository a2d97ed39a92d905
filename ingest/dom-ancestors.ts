import type { AnyNode, Element } from 'domhandler';
import { hasChildren, isTag } from 'domhandler';

/** The element a node sits in, or null at the top (the document is not an element). */
export const parentElement = (node: AnyNode): Element | null =>
  node.parent && isTag(node.parent) ? node.parent : null;

/** The elements a node sits in, nearest first, up to the outermost (the document itself is not one). */
export function* elementAncestors(node: AnyNode): Generator<Element> {
  for (let a = parentElement(node); a; a = parentElement(a)) yield a;
}

/** Every node inside `root`, `root` included: a set to test membership in its subtree at once. */
export function nodesWithin(root: AnyNode): Set<AnyNode> {
  const inside = new Set<AnyNode>();
  // Depth-first with a stack: the tree may nest as deep as the HTML limits allow.
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop() as AnyNode;
    inside.add(node);
    if (hasChildren(node)) for (const c of node.children) stack.push(c);
  }
  return inside;
}
