import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { consentBanners } from './article-banners.js';
import { commentThreads } from './article-comment-threads.js';
import { fieldBoxes } from './article-field-boxes.js';
import { otherStories } from './article-other-stories.js';
import { slideshows } from './article-slideshows.js';
import { teaserItems } from './article-teasers.js';
import { removeAll } from './dom-remove.js';
import { TextLengths } from './text-lengths.js';

/** A stretch of the page's source, as offsets into the string it was parsed from. */
export type SourceRange = [start: number, end: number];

/**
 * Removes what reads like a story but is not one, whatever its class names: consent banners, the items of teaser
 * lists, comment threads, the boxes around text fields (sign-ups, comment forms), slideshows beside a story and other
 * stories below it (an infinite-scroll page's next story).
 * Returns where they were in the source (when the page was parsed with start and end indices), so that a second
 * reader of the raw markup (Readability) can be given the page without them, without serialising the tree again.
 */
export function declutter($: CheerioAPI): SourceRange[] {
  const lengths = new TextLengths();
  const clutter: Element[] = [
    ...consentBanners($, lengths),
    ...teaserItems($, lengths),
    ...commentThreads($, lengths),
    ...fieldBoxes($, lengths),
    ...slideshows($, lengths),
    ...otherStories($, lengths),
  ];
  const ranges: SourceRange[] = [];
  for (const el of clutter)
    if (el.startIndex !== null && el.endIndex !== null) ranges.push([el.startIndex, el.endIndex + 1]);
  removeAll(clutter);
  return ranges;
}

/** The ranges merged where they nest or overlap, in source order: each stretch of the source once. */
export function disjointRanges(ranges: SourceRange[]): SourceRange[] {
  const merged: SourceRange[] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The source with the ranges cut out; nested and overlapping ranges are cut once. */
export function withoutRanges(source: string, ranges: SourceRange[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of disjointRanges(ranges)) {
    parts.push(source.slice(at, start));
    at = end;
  }
  parts.push(source.slice(at));
  return parts.join('');
}
