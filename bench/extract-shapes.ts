/**
 * Extraction on pages of many repeated elements, the shapes that once made it quadratic: removable siblings (ad
 * slots, consent paragraphs), `<br>` lines, links in one paragraph, text fields deep in a page (each climbs to
 * find its box), comments with reply links deep in a page (each marks its ancestors), slide counters deep in a page,
 * paragraphs deep in a page (each scores into its ancestors, and pruning sums the points every element holds), a
 * short story deep in a page (the fallback's cost grows with depth squared). Each
 * shape is timed at n and at 4n elements in the same run; the ratio is about 4 when the cost grows linearly and
 * about 16 when it grows with the square.
 * Usage: npm run bench:extract-shapes [-- <n>]   (default n: 10000; a shape whose page passes the 100,000-element
 * bound at 4n is reported as over the limits, not timed)
 */
import { extractArticle } from '../ingest/article.js';
import { assertHtmlWithinLimits } from '../ingest/html-limits.js';
import { linesHtml, linksHtml } from '../test/support/hostile-server.js';
import { machine, timeIt } from './util.js';

const n = Number(process.argv[2] ?? 10_000);
const story = '<p>Some story text, with commas, reads as prose here.</p>'.repeat(20);
const beside = (count: number, block: (i: number) => string) =>
  `<html><body><div>${Array.from({ length: count }, (_, i) => block(i)).join('')}</div><article>${story}</article>` +
  '</body></html>';
// Two elements a comment, so 4n of them stay under the 100,000-element bound on a page.
const REPLY_ITEM = '<li>A comment, with commas. <a href="#">Reply</a></li>';
// Two elements a slide, its counter counting to 999 over and over.
const SLIDE = (i: number) => `<li><span>${(i % 999) + 1}/999</span> A caption, with commas.</li>`;
const shapes: Record<string, (count: number) => string> = {
  'ad slots in one div': (c) => beside(c, (i) => `<div class="ad">ad ${i}</div>`),
  'consent paragraphs in one div': (c) => beside(c, (i) => `<p>cookies consent partners ${i}</p>`),
  '<br> lines in one div': linesHtml,
  'links in one paragraph': linksHtml,
  'text fields 300 levels deep': (c) =>
    `<html><body>${'<div>'.repeat(300)}${'<input type="text">'.repeat(c)}${'</div>'.repeat(300)}` +
    `<article>${story}</article></body></html>`,
  'reply links 300 levels deep': (c) =>
    `<html><body>${'<div>'.repeat(300)}<ol>${REPLY_ITEM.repeat(c)}</ol>${'</div>'.repeat(300)}` +
    `<article>${story}</article></body></html>`,
  // Every page's text nodes are read for slide counters; counters past their total are skipped before sorting.
  'slide counters 300 levels deep': (c) =>
    `<html><body>${'<div>'.repeat(300)}<ul>${Array.from({ length: c / 2 }, (_, i) => SLIDE(i)).join('')}</ul>` +
    `${'</div>'.repeat(300)}<article>${story}</article></body></html>`,
  // A story too short to trust alone, so the fallback would run: past its bounds on the page's shape it does not
  // (Readability took 12 s at 1,000 such elements, 18 minutes at 99,000).
  'bold words 500 levels deep, short story': (c) =>
    `<html><body>${'<div>'.repeat(500)}${'<b>x</b>'.repeat(c)}<p>A short story, with commas.</p>` +
    `${'</div>'.repeat(500)}</body></html>`,
  'paragraphs 480 levels deep': (c) =>
    `<html><body>${'<div>'.repeat(480)}${'<p>A paragraph, with commas, of story text.</p>'.repeat(c)}` +
    `${'</div>'.repeat(480)}</body></html>`,
};

console.log(`extraction on repeated elements, ${machine()}`);
const withinLimits = (html: string) => {
  try {
    assertHtmlWithinLimits(html);
    return true;
  } catch {
    return false;
  }
};

const rows = [];
for (const [shape, page] of Object.entries(shapes)) {
  const small = page(n);
  const large = page(4 * n);
  // Past the element bound extraction refuses the page at once; timing that refusal would read as linear growth.
  if (![small, large].every(withinLimits)) {
    rows.push({ shape, [`s at ${n}`]: null, [`s at ${4 * n}`]: null, growth: 'page over the HTML limits' });
    continue;
  }
  const a = await timeIt(() => extractArticle(small), 3, 1);
  const b = await timeIt(() => extractArticle(large), 3);
  rows.push({
    shape,
    [`s at ${n}`]: +a.seconds.toFixed(3),
    [`s at ${4 * n}`]: +b.seconds.toFixed(3),
    growth: +(b.seconds / a.seconds).toFixed(1),
  });
}
console.table(rows);
