import type { AnyNode, ParentNode } from 'domhandler';
import { hasChildren, isTag, isText } from 'domhandler';

interface Lengths {
  text: number;
  /** Text inside links (`<a>`). */
  links: number;
  /** Link text outside paragraphs (`<p>`): links that stand alone, as buttons, menus and link lists do. */
  looseLinks: number;
  commas: number;
}

/** Commas of the world's scripts (Readability's list): a Chinese or Arabic sentence's clauses count as Latin ones. */
export const COMMAS = /[\u002C\u060C\uFE50\uFE10\uFE11\u2E41\u2E34\u2E32\uFF0C]/g;

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
    if (isText(node)) {
      return {
        text: collapsedLength(node.data),
        links: 0,
        looseLinks: 0,
        commas: node.data.match(COMMAS)?.length ?? 0,
      };
    }
    if (!hasChildren(node)) return { text: 0, links: 0, looseLinks: 0, commas: 0 };
    const known = this.memo.get(node);
    if (known) return known;
    let text = 0;
    let links = 0;
    let looseLinks = 0;
    let commas = 0;
    for (const child of node.children) {
      const c = this.measure(child);
      text += c.text;
      links += c.links;
      looseLinks += c.looseLinks;
      commas += c.commas;
    }
    const tag = isTag(node) ? node.tagName : '';
    const out = {
      text,
      links: tag === 'a' ? text : links,
      looseLinks: tag === 'p' ? 0 : tag === 'a' ? text : looseLinks,
      commas,
    };
    this.memo.set(node, out);
    return out;
  }

  /** Text length of the element and everything under it. */
  of(el: ParentNode): number {
    return this.measure(el).text;
  }

  /** Commas in the element's text, of any script. */
  commas(el: ParentNode): number {
    return this.measure(el).commas;
  }

  /** Length of the element's text outside links: what a reader reads as prose rather than follows. */
  prose(el: ParentNode): number {
    const m = this.measure(el);
    return m.text - m.links;
  }

  /** Share of the element's text that sits inside links, 0 for an element without text. */
  linkDensity(el: ParentNode): number {
    const m = this.measure(el);
    return m.links / (m.text || 1);
  }

  /** Share of the element's text in links outside its paragraphs: a term linked in a sentence does not count. */
  looseLinkDensity(el: ParentNode): number {
    const m = this.measure(el);
    return m.looseLinks / (m.text || 1);
  }
}
