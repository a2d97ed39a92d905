import type { Element } from 'domhandler';
import { parentElement } from './dom-ancestors.js';
import type { TextLengths } from './text-lengths.js';

/** Text a box adds at each step out from what it frames: a heading ("15 comments", "In pictures"), controls. */
export const BOX_STEP_CHARS = 200;

/**
 * `el` widened to the box around it: parent by parent, while a step adds at most `BOX_STEP_CHARS` of text and
 * `mayTake(parent, box)` allows it. A comment thread and a slideshow leave the page with their heading and controls.
 */
export function widenToBox(
  el: Element,
  lengths: TextLengths,
  mayTake: (parent: Element, box: Element) => boolean,
): Element {
  let box = el;
  for (let p = parentElement(el); p; p = parentElement(p)) {
    if (lengths.of(p) - lengths.of(box) > BOX_STEP_CHARS || !mayTake(p, box)) break;
    box = p;
  }
  return box;
}
