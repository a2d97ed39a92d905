import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NonRetryableError } from '../core/errors.js';
import { extractArticle } from './article.js';

export interface ExtractionExpectation {
  title: string;
  authors: string[] | null;
  published: string | null;
  firstWords: string;
}
export interface ExtractionScore {
  page: string;
  title: boolean;
  authors: boolean | null;
  published: boolean | null;
  bodyStart: boolean;
}

const words = (s: string, n = 13) => s.split(/\s+/).filter(Boolean).slice(0, n).join(' ');

/**
 * Scores the extractor on a folder of pages against `expected.json` ({file: {title, authors, published,
 * firstWords}}; null means "not given" and is not scored): exact title, exact author list, exact instant,
 * and the body's first 13 words.
 */
export function evaluateExtraction(
  dir: string,
  expectedFile = path.join(dir, 'expected.json'),
): { pages: ExtractionScore[]; totals: Record<string, string> } {
  if (!existsSync(expectedFile))
    throw new NonRetryableError(
      `no expected values at ${expectedFile}, and no pages/ folder in ${dir}: --data-dir takes a corpus laid out ` +
        "as Readability's test pages (pages/<name>/source.html, expected.html) or a folder of pages with expected.json",
    );
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, ExtractionExpectation>;
  const pages = Object.entries(expected)
    .filter(([f]) => existsSync(path.join(dir, f)))
    .map(([f, e]): ExtractionScore => {
      const a = extractArticle(readFileSync(path.join(dir, f)));
      return {
        page: f,
        title: a.title === e.title,
        authors: e.authors ? JSON.stringify(a.authors) === JSON.stringify(e.authors) : null,
        published: e.published ? a.published === new Date(e.published).toISOString() : null,
        bodyStart: words(a.body) === words(e.firstWords),
      };
    });
  const total = (k: keyof Omit<ExtractionScore, 'page'>) => {
    const s = pages.filter((p) => p[k] !== null);
    return `${s.filter((p) => p[k]).length}/${s.length}`;
  };
  return {
    pages,
    totals: {
      title: total('title'),
      authors: total('authors'),
      published: total('published'),
      bodyStart: total('bodyStart'),
    },
  };
}
