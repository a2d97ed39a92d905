import { readFileSync, readdirSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { extractArticle } from '../ingest/article.js';
import { readabilityArticle } from '../ingest/article-fallback.js';
import { tokens, tokenOverlap } from '../ingest/eval-corpus.js';
const dir = '../shared/data/readability-test-pages/pages';
const rows = [];
for (const name of readdirSync(dir)) {
  const html = readFileSync(`${dir}/${name}/source.html`, 'utf8');
  const want = tokens(
    cheerio
      .load(readFileSync(`${dir}/${name}/expected.html`, 'utf8'))
      .root()
      .text(),
  );
  const a = extractArticle(html);
  const r = readabilityArticle(html);
  const $ = cheerio.load(html);
  $('script,style,noscript').remove();
  const linkWords = tokens($('a').text()).length;
  const page = tokens($('body').text()).length - linkWords;
  const ours = tokens(a.body).length,
    rl = r ? tokens(r.paragraphs.join(' ')).length : 0;
  const f = tokenOverlap(tokens(a.body), want).f1,
    fr = r ? tokenOverlap(tokens(r.paragraphs.join(' ')), want).f1 : 0;
  rows.push({
    name,
    ours,
    rl,
    page,
    ratioPage: +(ours / Math.max(page, 1)).toFixed(2),
    ratioRl: +(ours / Math.max(rl, 1)).toFixed(2),
    f: +f.toFixed(2),
    fr: +fr.toFixed(2),
  });
}
rows.sort((a, b) => a.f - b.f);
console.table(rows.slice(0, 25));
const better = rows.filter((r) => r.fr > r.f + 0.05).length,
  worse = rows.filter((r) => r.fr < r.f - 0.05).length;
console.log('readability-linkedom better on', better, 'worse on', worse);
