import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import { type AnyNode, type Element, isTag } from 'domhandler';
import { decodeBody } from './charset.js';
import { assertHtmlWithinLimits } from './html-limits.js';
import { extractBody, removeHidden } from './article-body.js';
import { classAndIdRanges } from './chrome-words.js';
import { declutter } from './article-declutter.js';
import { affordsFallback, clearlyLonger, fallbackStory, unsureOn, wordCount } from './fallback-story.js';
import { removeAll } from './dom-remove.js';
import { jsonLd, metaValue, splitAuthors, structuredBody, toIso } from './article-meta.js';
import { articleTitle } from './article-title.js';
import { wordsOutsideLinks } from './page-words.js';
import { customBlocksAsDivs } from './custom-elements.js';
import { plainTextParagraphs } from './plain-text.js';
import { normalise } from './article-paragraphs.js';
import { divsAsParagraphs } from './div-paragraphs.js';
import { tokenOverlap, tokens } from './token-overlap.js';

export interface ExtractedArticle {
  title: string | null;
  authors: string[];
  /** ISO-8601 UTC. */
  published: string | null;
  description: string | null;
  body: string;
}

const clean = (s: string | null | undefined) => (s ? normalise(s) || null : null);

/** What the main path reads from the page's own tree. */
interface MainReading {
  meta: Omit<ExtractedArticle, 'body'>;
  paras: string[];
  /** Words of the page's visible text outside links, the measure of how much the main path found. */
  pageWords: number;
  /** Source ranges the main path removed as clutter; the fallback reads the page without them. */
  clutter: ReturnType<typeof declutter>;
  /** Blocks of the story that a class or id word marks as chrome; the fallback reads them without those words. */
  spared: Element[];
  ldObjects: ReturnType<typeof jsonLd>;
}

/** A printed byline is short; a longer block with an author class is a biography or a list of stories. */
const MAX_BYLINE = 100;

/** Elements that may print the byline (as Readability reads them), and the headline they follow. */
const BYLINE_MARKS = '[class*=byline i], [class*=author i], [id*=author i]';
/** How many marked elements after the headline are read before giving up. */
const BYLINE_TRIES = 20;

/**
 * The names a page prints in its byline, as a last resort after structured data: the first short element after the
 * headline (the first `<h1>`, where there is one) whose class or id says `byline` or `author`, a commenter's name
 * aside. Those before the headline are followed authors in a sidebar, avatars in a comment widget. Where the names
 * are links (to author pages), their text is the names, without a role printed beside them ("Games Editor").
 */
function visibleByline($: CheerioAPI): string[] {
  let afterHeadline = $('h1').length === 0;
  let tries = 0;
  for (const el of $(`h1, ${BYLINE_MARKS}`).toArray().filter(isTag)) {
    if (el.tagName === 'h1') afterHeadline = true;
    if (!afterHeadline || !$(el).is(BYLINE_MARKS)) continue;
    if (++tries > BYLINE_TRIES) break;
    const marks = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
    const text = clean($(el).text());
    if (!text || text.length > MAX_BYLINE || /comment/i.test(marks)) continue;
    const linked = splitAuthors(
      $(el)
        .find('a')
        .toArray()
        .map((a) => clean($(a).text())),
    );
    const names = linked.length ? linked : splitAuthors(text);
    if (names.length) return names;
  }
  return [];
}

function readMeta($: CheerioAPI, ld: ReturnType<typeof jsonLd>[number]): Omit<ExtractedArticle, 'body'> {
  const title = articleTitle($, ld);

  let authors = splitAuthors(ld.author);
  if (!authors.length)
    authors = splitAuthors(
      metaValue($, [
        'author',
        'article:author',
        'og:article:author',
        'parsely-author',
        'sailthru.author',
        'dc.creator',
        'dc:creator',
        'byl',
      ]),
    );
  if (!authors.length)
    authors = splitAuthors(
      clean($('[rel~=author], [itemprop~=author] [itemprop~=name], [itemprop~=author]').first().text()),
    );
  if (!authors.length) authors = visibleByline($);

  const published =
    toIso(ld.datePublished) ??
    toIso(
      metaValue($, [
        'article:published_time',
        'og:article:published_time',
        'parsely-pub-date',
        'datePublished',
        'pubdate',
        'publishdate',
        'dc.date',
        'date',
        'dateCreated',
        'sailthru.date',
      ]),
    ) ??
    toIso($('time[datetime]').first().attr('datetime')) ??
    null;

  const description =
    clean(ld.description) ??
    clean(metaValue($, ['og:description', 'description', 'twitter:description', 'sailthru.description']));
  return { title, authors, published, description };
}

function readMain(text: string, divParagraphs = false): MainReading {
  // htmlparser2 in HTML mode, not cheerio's default parse5: it builds the same tree on every page of the
  // extraction corpus at about twice the speed (docs/extraction.md), and this is the hot path of ingest.
  // Start and end indices let the fallback read the source without what the main path decluttered.
  const $ = cheerio.load(text, {
    xml: { xmlMode: false, decodeEntities: true, withStartIndices: true, withEndIndices: true },
  });
  const ldObjects = jsonLd($);
  const meta = readMeta($, ldObjects[0] ?? {});
  removeAll($('script, style, noscript, template').toArray());
  customBlocksAsDivs($.root()[0]);
  if (divParagraphs) {
    divsAsParagraphs($.root()[0]);
    // This reading is weighed against the fallback's, which reads only what a reader sees.
    removeHidden($);
  }
  const page: Cheerio<AnyNode> = $('body').length ? $('body') : $.root();
  const pageWords = wordsOutsideLinks(page[0]);
  const clutter = declutter($);
  const { paragraphs, spared } = extractBody($);
  return { meta, paras: paragraphs, pageWords, clutter, spared, ldObjects };
}

/** Share of the fallback's words that a wider reading must hold to replace it. */
const HOLDS_FALLBACK = 0.9;

/**
 * On a page whose paragraphs are all `<div>`s the main path scores nothing and the fallback reads the page; where the
 * story is cut into parts the fallback keeps one part. The main path reading the `<div>`s as paragraphs widens to the
 * parts; its reading replaces the fallback's only where it holds nearly all of it and clearly more.
 */
function widerReading(text: string, fallback: string[]): string[] {
  const wider = readMain(text, true).paras;
  // Recall of the fallback's words in the wider reading: how much of it the wider reading holds.
  const holds = tokenOverlap(tokens(wider.join(' ')), tokens(fallback.join(' '))).recall >= HOLDS_FALLBACK;
  return holds && clearlyLonger(wordCount(wider), wordCount(fallback)) ? wider : fallback;
}

/**
 * Extracts an article from HTML. Structured data wins (JSON-LD, then Open Graph / article / Parse.ly /
 * Sailthru meta tags; a title only where it agrees with the page's <title>, see article-title.ts), the visible
 * page comes next (h1, byline, <time>), and the body comes from a
 * content-scoring heuristic. No rule is keyed to a particular site.
 * @example extractArticle(readFileSync('page.html')).title
 */
export function extractArticle(html: string | Buffer, contentType?: string): ExtractedArticle {
  const text = typeof html === 'string' ? html : decodeBody(html, contentType);
  const shape = assertHtmlWithinLimits(text);
  const plain = plainTextParagraphs(text, contentType);
  if (plain) {
    const body = plain.join('\n\n');
    return { title: null, authors: [], published: null, description: null, body };
  }
  const { meta, pageWords, clutter, spared, ldObjects, ...main } = readMain(text);
  let { paras } = main;
  let { authors } = meta;
  // Where the main path is unsure of what it found (unsureOn), the second strategy runs and a clearly longer body wins,
  // on a page whose shape keeps its cost bounded.
  const unsure = unsureOn(pageWords);
  const words = wordCount(paras);
  let fromFallback = false;
  if (unsure(words) && affordsFallback(shape)) {
    const fallback = fallbackStory(text, clutter, unsure, { misleading: classAndIdRanges(text, spared) });
    if (fallback && clearlyLonger(wordCount(fallback.paragraphs), words)) {
      paras = fallback.paragraphs;
      fromFallback = true;
      if (!authors.length) authors = splitAuthors(clean(fallback.byline));
    }
  }
  // A page rendered by script in the browser carries its story only in JSON-LD's articleBody; neither reading of
  // the markup finds it. It is a last resort: elsewhere articleBody is often a teaser or lacks the paragraphs.
  const found = wordCount(paras);
  if (unsure(found)) {
    const structured = structuredBody(ldObjects);
    if (clearlyLonger(wordCount(structured), found)) {
      paras = structured;
      fromFallback = false;
    }
  }
  // Only where the main path scored nothing (a page of <div>s) and the fallback's reading stood.
  if (fromFallback && !words) paras = widerReading(text, paras);
  return { ...meta, authors, body: paras.join('\n\n') };
}
