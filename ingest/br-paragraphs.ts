import type { Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { nodeText, normalise, STRUCTURE } from './article-paragraphs.js';
import { COMMAS } from './text-lengths.js';

/**
 * Readability's points for one paragraph: none under 25 characters, else 1, one a comma and one per 100
 * characters up to 3.
 */
export function paragraphPoints(text: string): number {
  if (text.length < 25) return 0;
  return 1 + (text.match(COMMAS)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
}

/**
 * The points of a block that writes its paragraphs as text split by `<br>`s, and how many paragraphs with text it
 * holds (more than one: it is their container). Every paragraph scores on its own, as if the page had marked it
 * `<p>` (Readability rewrites such runs into paragraphs before scoring). Two or more `<br>`s in a row end a
 * paragraph; one breaks a line within it. A nested block ends one too, and is scored on its own where it holds
 * paragraphs. Each child is read once, so a block of n lines costs n.
 */
export function brBlockParagraphs(block: Element): { points: number; paragraphs: number } {
  let points = 0;
  let paragraphs = 0;
  let text = '';
  let breaks = 0;
  const flush = () => {
    const t = normalise(text);
    if (t) paragraphs++;
    points += paragraphPoints(t);
    text = '';
  };
  for (const child of block.children) {
    if (isTag(child) && child.tagName === 'br') {
      breaks++;
      if (breaks === 2) flush();
      continue;
    }
    if (isText(child) && !child.data.trim()) continue;
    if (!isTag(child) && !isText(child)) continue;
    if (breaks === 1) text += ' ';
    breaks = 0;
    if (isTag(child) && STRUCTURE.has(child.tagName)) {
      flush();
      continue;
    }
    text += nodeText(child);
  }
  flush();
  return { points, paragraphs };
}
