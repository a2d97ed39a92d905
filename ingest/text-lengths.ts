import type { AnyNode, ParentNode } from 'domhandler';
import { hasChildren, isTag, isText } from 'domhandler';

interface Lengths {
  text: number;
  /** Text inside links (`<a>`). */
  links: number;
}

/** Characters of a text once every run of whitespace counts as one, as the extractor normalises text. */
const collapsedLength = (data: string) => data.replace(/\s+/g, ' ').length;

/**
 * The visible text length of every element (or document) and of the links inside it, each element measured once and
 * remembered. Measuring subtree text per candidate made the extractor quadratic in the page's depth; one
 * instance is valid until the tree changes.
 */
export class TextLengths {
  private readonly memo = new WeakMap<ParentNode, Lengths>();

  private measure(node: AnyNode): Lengths {
    if (isText(node)) return { text: collapsedLength(node.data), links: 0 };
    if (!hasChildren(node)) return { text: 0, links: 0 };
    const known = this.memo.get(node);
    if (known) return known;
    let text = 0;
    let links = 0;
    for (const child of node.children) {
      const c = this.measure(child);
      text += c.text;
      links += c.links;
    }
    const out = { text, links: isTag(node) && node.tagName === 'a' ? text : links };
    this.memo.set(node, out);
    return out;
  }

  /** Text length of the element and everything under it. */
  of(el: ParentNode): number {
    return this.measure(el).text;
  }

  /** Share of the element's text that sits inside links, 0 for an element without text. */
  linkDensity(el: ParentNode): number {
    const m = this.measure(el);
    return m.links / (m.text || 1);
  }
}
