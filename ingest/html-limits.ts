import { Parser } from 'htmlparser2';
import { NonRetryableError } from '../core/errors.js';

/** Bounds on a page's tree; real article pages stay far below both (the extraction corpus: depth 38, 9,888 tags). */
export interface HtmlLimits {
  /** @default 512 */
  maxDepth: number;
  /** @default 100_000 */
  maxElements: number;
}

export const DEFAULT_HTML_LIMITS: HtmlLimits = { maxDepth: 512, maxElements: 100_000 };

/** What the scan measured of a page within the limits: what a reader of its tree will pay for. */
export interface TreeShape {
  elements: number;
  /** The sum over elements of their depth, squared: a reader that reads text along each element's ancestors. */
  depthSquares: number;
}

class LimitReached extends Error {}

/**
 * Refuses a page whose tags nest deeper or number more than the limits, before the HTML5 parser sees it:
 * the tree builder's cost grows with depth for every element, so 100,000 nested divs (1.1 MB) would block the
 * event loop for minutes. The scan stops at the first tag past a limit, so its own cost stays linear.
 * @returns the page's shape, for readers whose cost grows faster than the page (the fallback, fallback-story.ts)
 * @throws NonRetryableError naming the limit, so the page fails alone and the run goes on.
 */
export function assertHtmlWithinLimits(html: string, limits: HtmlLimits = DEFAULT_HTML_LIMITS): TreeShape {
  let depth = 0;
  let elements = 0;
  let depthSquares = 0;
  let reason = '';
  const parser = new Parser(
    {
      onopentag() {
        elements++;
        depth++;
        depthSquares += depth * depth;
        if (depth > limits.maxDepth) reason = `tags nest deeper than ${limits.maxDepth} levels`;
        else if (elements > limits.maxElements) reason = `more than ${limits.maxElements} elements`;
        if (reason) throw new LimitReached(reason);
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  try {
    parser.end(html);
  } catch (err) {
    if (!(err instanceof LimitReached)) throw err;
    throw new NonRetryableError(`page refused: ${reason}`);
  }
  return { elements, depthSquares };
}
