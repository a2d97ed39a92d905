import type { CheerioAPI } from 'cheerio';
import type { Element, ParentNode } from 'domhandler';
import { isTag } from 'domhandler';
import type { TextLengths } from './text-lengths.js';

/** Input types a reader types into; hidden fields, checkboxes and buttons carry no box of their own. */
const TEXT_FIELD = 'input:not([type]), input[type=text], input[type=email], input[type=search], textarea';
/** Text a box adds at each step out from its field: a label, a button, a heading and a one-line pitch. */
const BOX_STEP_CHARS = 200;
/** Past this many characters a block holds more than a call to action. */
const MAX_BOX_CHARS = 500;
/** A block holding this share of the page's text is the page, however small (a brief beside a search field). */
const MAX_PAGE_SHARE = 0.5;

/**
 * Boxes built around a text field: a newsletter sign-up ("Get the Markets newsletter. Sign up to receive..."), a
 * comment form's notes, a search box. Their pitch reads as a sentence, and once the field and button are pruned it
 * is scored as story text. What marks them is the field, whatever their class names: the box is the field's
 * ancestors out to where a step adds more text than a label, a button, a heading and a pitch.
 */
export function fieldBoxes($: CheerioAPI, lengths: TextLengths): Element[] {
  const root = $('body')[0] ?? $.root()[0];
  const page = lengths.of(root) || 1;
  const fits = (p: ParentNode | null, box: Element): p is Element => {
    if (!p || p === root || !isTag(p)) return false;
    const size = lengths.of(p);
    return size <= MAX_BOX_CHARS && size - lengths.of(box) <= BOX_STEP_CHARS && size < MAX_PAGE_SHARE * page;
  };
  // Once an ancestor is taken into a box, where the box ends depends on that ancestor alone: remembered, so that
  // thousands of fields in one deep tree climb it once, not once each.
  const boxOf = new Map<Element, Element>();
  const boxes = new Set<Element>();
  for (const field of $(TEXT_FIELD).toArray()) {
    const path: Element[] = [];
    let box: Element = field;
    let known: Element | undefined;
    for (let p = field.parent; fits(p, box); p = p.parent) {
      known = boxOf.get(p);
      if (known) break;
      path.push(p);
      box = p;
    }
    const end = known ?? box;
    for (const p of path) boxOf.set(p, end);
    if (end !== field) boxes.add(end);
  }
  return [...boxes];
}
