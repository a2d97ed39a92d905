import type { Element } from 'domhandler';
import type { SourceRange } from './article-declutter.js';

/** One attribute of an opening tag, its name in group 1; quoted values may hold ">". */
const ATTRIBUTE = /\s+([^\s=>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/y;
const TAG_NAME = /<[^\s>/]+/y;

/**
 * Where the class and id attributes of each element's opening tag lie in the source (the page parsed with start
 * indices): cut out, a second reader of the raw markup no longer sees words such as "sidebar" on an element the main
 * path found to hold the story, and does not prune it for them.
 */
export function classAndIdRanges(source: string, elements: Element[]): SourceRange[] {
  const ranges: SourceRange[] = [];
  for (const el of elements) {
    const start = el.startIndex;
    if (start === null || source[start] !== '<') continue;
    TAG_NAME.lastIndex = start;
    if (!TAG_NAME.exec(source)) continue;
    // Attribute by attribute, each match starting where the last ended, up to the end of the opening tag.
    ATTRIBUTE.lastIndex = TAG_NAME.lastIndex;
    let at = ATTRIBUTE.lastIndex;
    let attribute = ATTRIBUTE.exec(source);
    while (attribute) {
      if (/^(?:class|id)$/i.test(attribute[1])) ranges.push([at, ATTRIBUTE.lastIndex]);
      at = ATTRIBUTE.lastIndex;
      attribute = ATTRIBUTE.exec(source);
    }
  }
  return ranges;
}
