import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { NonRetryableError } from '../core/errors.js';
import { extractArticle } from './article.js';
import { jsonLd, metaValue } from './article-meta.js';
import { tokenOverlap, tokens } from './token-overlap.js';

export { tokenOverlap, tokens };

/** What an extractor gives back for one page. */
export interface Extracted {
  title: string | null;
  byline: string | null;
  body: string;
}

export type Extractor = (html: string, url: string) => Extracted | Promise<Extracted>;

export interface PageScore {
  page: string;
  precision: number;
  recall: number;
  f1: number;
  empty: boolean;
  title: boolean;
  /** null when the page's expected byline is null. */
  byline: boolean | null;
  ms: number;
  /** Whether the page says it is an article (see `declaresArticle`). */
  article: boolean;
}

export interface CorpusReport {
  extractor: string;
  pages: number;
  f1: number;
  precision: number;
  recall: number;
  medianF1: number;
  empty: number;
  zeroF1: number;
  titles: string;
  bylines: string;
  pagesPerSecond: number;
  /** The mean F1 over the pages that declare themselves articles (news, blog posts): the target subset. */
  articlePages: { pages: number; f1: number };
  perPage: PageScore[];
}

const norm = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .replace(/^\s*by\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();

/** finsent's own extractor, as the corpus scorer sees it. */
export const finsentExtractor: Extractor = (html) => {
  const a = extractArticle(html);
  return { title: a.title, byline: a.authors.join(', ') || null, body: a.body };
};

export interface CorpusPage {
  name: string;
  html: string;
  /** The page says it is an article: Open Graph type `article`, or a JSON-LD Article, Posting or Report. */
  article: boolean;
  expectedText: string;
  title: string | null;
  byline: string | null;
}

/**
 * Whether a page declares itself a news or blog article in its own metadata: Open Graph's `og:type` of `article`,
 * or a JSON-LD object typed Article, NewsArticle, BlogPosting, Report and the like. The page's word, not a list
 * of names, decides which pages are "news or blog articles", so the subset means the same on any corpus.
 */
export function declaresArticle(html: string): boolean {
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  return metaValue($, ['og:type'])?.toLowerCase() === 'article' || jsonLd($).length > 0;
}

/** Pages of a folder laid out as Readability's test pages: pages/<name>/{source.html, expected.html, metadata}. */
export function readCorpus(dir: string): CorpusPage[] {
  const root = path.join(dir, 'pages');
  if (!existsSync(root)) throw new NonRetryableError(`no pages/ folder in ${dir}`);
  return readdirSync(root)
    .sort()
    .filter(
      (name) => existsSync(path.join(root, name, 'source.html')) && existsSync(path.join(root, name, 'expected.html')),
    )
    .map((name) => {
      const file = (f: string) => readFileSync(path.join(root, name, f), 'utf8');
      const meta = existsSync(path.join(root, name, 'expected-metadata.json'))
        ? (JSON.parse(file('expected-metadata.json')) as { title?: string; byline?: string })
        : {};
      const expectedText = cheerio.load(file('expected.html')).root().text();
      const html = file('source.html');
      return {
        name,
        html,
        article: declaresArticle(html),
        expectedText,
        title: meta.title ?? null,
        byline: meta.byline ?? null,
      };
    });
}

/**
 * Scores one extractor on a corpus: token-level precision, recall and F1 of the body against the expected
 * text (micro-averaged over pages: each page counts once), empty bodies and pages with F1 = 0, title
 * agreement (case and whitespace aside), byline agreement (either contains the other, "By" aside), pages per
 * second. Pages whose expected text is empty are skipped.
 */
export async function scoreCorpus(name: string, extractor: Extractor, pages: CorpusPage[]): Promise<CorpusReport> {
  const perPage: PageScore[] = [];
  const t0 = performance.now();
  for (const p of pages) {
    const want = tokens(p.expectedText);
    if (!want.length) continue;
    const start = performance.now();
    let got: Extracted;
    try {
      got = await extractor(p.html, `http://example.com/${p.name}`);
    } catch {
      got = { title: null, byline: null, body: '' };
    }
    const ms = performance.now() - start;
    // A turn of the event loop lets jsdom release the windows closed so far: without it the baseline's heap grew
    // by about 14 MB a page, and --stress (eight passes over the corpus) ran out of memory.
    await new Promise((resolve) => setImmediate(resolve));
    const overlap = tokenOverlap(tokens(got.body), want);
    const byline =
      p.byline === null
        ? null
        : !!norm(got.byline) &&
          (norm(got.byline).includes(norm(p.byline)) || norm(p.byline).includes(norm(got.byline)));
    perPage.push({
      page: p.name,
      ...overlap,
      empty: !got.body.trim(),
      title: norm(got.title) === norm(p.title),
      byline,
      ms,
      article: p.article,
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const mean = (k: 'precision' | 'recall' | 'f1') =>
    perPage.reduce((a, p) => a + p[k], 0) / Math.max(perPage.length, 1);
  const sorted = perPage.map((p) => p.f1).sort((a, b) => a - b);
  const bylines = perPage.filter((p) => p.byline !== null);
  const articles = perPage.filter((p) => p.article);
  return {
    extractor: name,
    pages: perPage.length,
    f1: mean('f1'),
    precision: mean('precision'),
    recall: mean('recall'),
    medianF1: sorted[Math.floor(sorted.length / 2)] ?? 0,
    empty: perPage.filter((p) => p.empty).length,
    zeroF1: perPage.filter((p) => p.f1 === 0).length,
    titles: `${perPage.filter((p) => p.title).length}/${perPage.length}`,
    bylines: `${bylines.filter((p) => p.byline).length}/${bylines.length}`,
    pagesPerSecond: perPage.length / Math.max(seconds, 1e-9),
    articlePages: {
      pages: articles.length,
      f1: articles.reduce((a, p) => a + p.f1, 0) / Math.max(articles.length, 1),
    },
    perPage,
  };
}

/** @mozilla/readability on jsdom (development dependencies): the baseline, run on the same pages. */
export async function readabilityExtractor(): Promise<Extractor | null> {
  try {
    const { JSDOM, VirtualConsole } = await import('jsdom');
    const { Readability } = await import('@mozilla/readability');
    return (html, url) => {
      const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
      const r = new Readability(dom.window.document).parse();
      dom.window.close();
      return { title: r?.title ?? null, byline: r?.byline ?? null, body: r?.textContent ?? '' };
    };
  } catch {
    return null;
  }
}
