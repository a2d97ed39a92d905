/**
 * The Readability fallback's bound on a page's shape (ingest/fallback-story.ts, `affordsFallback`): extraction of
 * pages whose story is too short for the main path to trust, so the fallback runs where the bound allows, against
 * Readability on linkedom reading the same page alone (what the fallback would cost there), in the same run. Inside
 * the bound extraction pays for the fallback; past it, the page is read once.
 * Usage: npm run bench:fallback-bound [-- <elements>]   (default 24000: the worst shallow pages inside the bound)
 */
import { extractArticle } from '../ingest/article.js';
import { readabilityArticle } from '../ingest/article-fallback.js';
import { affordsFallback } from '../ingest/fallback-story.js';
import { assertHtmlWithinLimits } from '../ingest/html-limits.js';
import { machine, timeIt } from './util.js';

const n = Number(process.argv[2] ?? 24_000);
const story = Array.from(
  { length: 3 },
  (_, i) => `<p>Sentence ${i} of the story says revenue grew, while costs held.</p>`,
);
const page = (body: string) => `<html><head><title>x</title></head><body>${body}${story.join('')}</body></html>`;
const nested = (depth: number, inner: string) => `${'<div>'.repeat(depth)}${inner}${'</div>'.repeat(depth)}`;
const shapes: Record<string, string> = {
  [`${n} bold words in one div`]: page(`<div>${'<b>x</b>'.repeat(n)}</div>`),
  [`${n} <br> lines in one div`]: page(`<div>${'a line of text<br>'.repeat(n)}</div>`),
  [`${n} links in one paragraph`]: page(`<p>${'<a href="/x">link</a> '.repeat(n)}</p>`),
  [`${n} short paragraphs`]: page(`<div>${'<p>short line here</p>'.repeat(n)}</div>`),
  [`${n / 3} one-row tables`]: page(`<table>${'<tr><td>a</td><td>b</td></tr>'.repeat(n / 3)}</table>`),
  '1,000 bold words 500 levels deep': page(nested(500, '<b>x</b>'.repeat(1000))),
  '240 bold words 100 levels deep': page(nested(100, '<b>x</b>'.repeat(240))),
};

console.log(`the fallback's bound on the page's shape, ${machine()}`);
const rows = [];
for (const [shape, html] of Object.entries(shapes)) {
  const tree = assertHtmlWithinLimits(html);
  const extract = await timeIt(() => extractArticle(html), 1);
  const readability = await timeIt(() => readabilityArticle(html), 1);
  rows.push({
    shape,
    elements: tree.elements,
    'depth squares (M)': +(tree.depthSquares / 1e6).toFixed(1),
    'fallback runs': affordsFallback(tree),
    'extract s': +extract.seconds.toFixed(3),
    'Readability alone s': +readability.seconds.toFixed(3),
    ratio: +(extract.seconds / readability.seconds).toFixed(2),
  });
}
console.table(rows);
