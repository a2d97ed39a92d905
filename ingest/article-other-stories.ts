import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { titleAgreement } from './article-title.js';
import type { TextLengths } from './text-lengths.js';

/** A story's worth of text outside links (two sentences): a teaser card or a header alone is not a story. */
const MIN_STORY_CHARS = 250;
/** A story's headline; a smaller heading heads a part of it or a box beside it. */
const HEADLINES = new Set(['h1', 'h2', 'h3']);

interface HeadedArticle {
  article: Element;
  headline: Element;
}

/**
 * Each `<article>`'s first headline, in one pass: a heading is the first of every article around it that has none
 * yet. A climb stops where an earlier one passed: every article above that point took the earlier heading.
 */
function headedArticles($: CheerioAPI): HeadedArticle[] {
  const first = new Map<Element, Element>();
  const passed = new Set<AnyNode>();
  for (const h of $('h1, h2, h3').toArray()) {
    for (let a: AnyNode | null = h.parent; a && isTag(a) && !passed.has(a); a = a.parent) {
      passed.add(a);
      if (a.tagName === 'article') first.set(a, h);
    }
  }
  return [...first].map(([article, headline]) => ({ article, headline }));
}

function contains(outer: Element, inner: Element): boolean {
  for (let a: AnyNode | null = inner.parent; a; a = a.parent) if (a === outer) return true;
  return false;
}

const classOf = (el: Element) => (el.attribs.class ?? '').trim().replace(/\s+/g, ' ');

/**
 * Other stories the page carries in full beside its own: an infinite-scroll page saved after it loaded the next
 * story, or one that renders the next story below the first. Each is an `<article>` (a self-contained composition, in
 * HTML's words) of the same template as the page's own story (the same class, a headline of the same level) and holds
 * a story's worth of prose, but its headline does not agree with the page's `<title>` where the page's own does. Both
 * readers took them: a story of the same template scores as well as the page's own and joins it as its sibling, or
 * wins where it is longer. A page whose `<title>` agrees with no headline (a blog's front page of whole posts, a
 * title that is the site's name) keeps them all.
 */
export function otherStories($: CheerioAPI, lengths: TextLengths): Element[] {
  const agrees = titleAgreement($);
  if (!agrees) return [];
  const candidates = headedArticles($).filter(({ article }) => lengths.prose(article) >= MIN_STORY_CHARS);
  const headlineAgrees = ({ headline }: HeadedArticle) => HEADLINES.has(headline.tagName) && agrees($(headline).text());
  const own = candidates.find(headlineAgrees);
  if (!own) return [];
  const sameTemplate = (other: HeadedArticle) =>
    other.headline.tagName === own.headline.tagName && classOf(other.article) === classOf(own.article);
  return candidates
    .filter((other) => other !== own && sameTemplate(other) && !headlineAgrees(other))
    .filter(({ article }) => !contains(article, own.article) && !contains(own.article, article))
    .map(({ article }) => article);
}
