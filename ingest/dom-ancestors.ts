import type { AnyNode, Element } from 'domhandler';
import { isTag } from 'domhandler';

/** The element a node sits in, or null at the top (the document is not an element). */
export const parentElement = (node: AnyNode): Element | null =>
  node.parent && isTag(node.parent) ? node.parent : null;

/** The elements a node sits in, nearest first, up to the outermost (the document itself is not one). */
export function* elementAncestors(node: AnyNode): Generator<Element> {
  for (let a = parentElement(node); a; a = parentElement(a)) yield a;
}
