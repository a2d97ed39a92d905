import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { disjointRanges, type SourceRange, withoutRanges } from '../../ingest/article-declutter.js';
import { extractArticle } from '../../ingest/article.js';
import { affordsFallback, fallbackStory } from '../../ingest/fallback-story.js';
import { assertHtmlWithinLimits } from '../../ingest/html-limits.js';
import { fixture } from '../support/fixtures.js';

describe('the fallback reading of a page whose story sits in unmarked sibling blocks', () => {
  // A how-to page whose nine steps are sibling blocks, every class name a meaningless token (CSS-in-JS): the main
  // path finds the lead alone, and Readability on the page less its teasers does too, since the teasers were what
  // made the steps' common parent win. Readability on the whole page, less the teasers' paragraphs, keeps every step.
  const html = readFileSync(fixture('extraction', 'ehow-terrarium-classes-hashed.html'));
  const body = extractArticle(html).body;

  it('keeps the lead and every step', () => {
    expect(body).to.include('Glass cloche terrariums are not only appealing to the eye');
    expect(body).to.include('Measure the circumference of your cloche');
    expect(body).to.include('a little toy squirrel was placed inside');
  });

  it('leaves out the teasers that the whole-page reading saw', () => {
    expect(body).not.to.include('How to Make a Ballet Tutu');
    expect(body).not.to.include('Kids Kitchen Slipcover');
    expect(body).not.to.include('Other People Are Reading');
  });
});

describe('source ranges cut out for the fallback', () => {
  it('merges nested and overlapping ranges so that each stretch of the source is read once', () => {
    expect(
      disjointRanges([
        [10, 20],
        [0, 5],
        [12, 15],
        [18, 30],
        [30, 31],
      ]),
    ).to.deep.equal([
      [0, 5],
      [10, 30],
      [30, 31],
    ]);
  });

  it('cuts every range out once, whatever their order and nesting', () => {
    expect(
      withoutRanges('0123456789', [
        [6, 8],
        [1, 3],
        [2, 4],
        [7, 9],
      ]),
    ).to.equal('0459');
    expect(withoutRanges('abc', [])).to.equal('abc');
  });
});

describe('how often the fallback reads a page', () => {
  const story = '<p>The bank said profits rose.</p>';
  const thread = `<ol>${'<li><p>I agree with this.</p><a href="?replytocom=1">Reply</a></li>'.repeat(50)}</ol>`;
  const source = `<html><body><article>${story}</article>${thread}</body></html>`;
  const threadRange: SourceRange = [source.indexOf('<ol>'), source.indexOf('</ol>') + 5];
  const unsure = () => true;

  function countingReader() {
    const read: string[] = [];
    const reader = (html: string) => {
      read.push(html);
      return { title: null, byline: null, paragraphs: ['The bank said profits rose.'] };
    };
    return { read, reader };
  }

  it('reads the page once, without its clutter, where that reading is sure', () => {
    const { read, reader } = countingReader();
    fallbackStory(source, [threadRange], () => false, { read: reader });
    expect(read).to.have.length(1);
    expect(read[0]).not.to.include('replytocom');
  });

  it('does not read a page twice when the clutter is most of it (a huge comment thread)', () => {
    const { read, reader } = countingReader();
    fallbackStory(source, [threadRange], unsure, { read: reader });
    expect(read).to.have.length(1);
  });

  it('reads the whole page too where the clutter is a small part and the first reading unsure', () => {
    const { read, reader } = countingReader();
    const small: SourceRange = [threadRange[0], threadRange[0] + 60];
    fallbackStory(source, [small], unsure, { read: reader });
    expect(read).to.deep.equal([source.slice(0, small[0]) + source.slice(small[1]), source]);
  });

  it('gives both readings the page without the ranges named misleading, beside the clutter', () => {
    const { read, reader } = countingReader();
    const marked = source.replace('<article>', '<article class="sidebar">');
    const word = ' class="sidebar"';
    const misleading: SourceRange = [marked.indexOf(word), marked.indexOf(word) + word.length];
    const small: SourceRange = [marked.indexOf('<ol>'), marked.indexOf('<ol>') + 60];
    fallbackStory(marked, [small], unsure, { read: reader, misleading: [misleading] });
    expect(read).to.have.length(2);
    for (const html of read) expect(html).to.include('<article><p>').and.not.include('sidebar');
  });
});

describe('the fallback reading is bounded by the shape of the page', () => {
  const deep = (elements: number, depth: number) =>
    `<html><body>${'<div>'.repeat(depth)}${'<b>x</b>'.repeat(elements)}<p>A short story, too short to trust alone.` +
    `</p>${'</div>'.repeat(depth)}</body></html>`;
  it('reads twice a page as large as the largest of the extraction corpus', () => {
    // wikipedia-2: 9,888 elements, 38 levels deep at most.
    expect(affordsFallback(assertHtmlWithinLimits(deep(9_800, 38)))).to.equal(true);
  });
  it('reads once a small page nested hundreds of levels deep, where Readability would take seconds to minutes', () => {
    // 1,000 elements 500 levels deep: 12 s in Readability on linkedom.
    const html = deep(1_000, 500);
    expect(affordsFallback(assertHtmlWithinLimits(html))).to.equal(false);
    expect(extractArticle(html).body).to.equal('A short story, too short to trust alone.');
  });
  it('reads once a shallow page of more elements than any real article page holds', () => {
    expect(affordsFallback(assertHtmlWithinLimits(deep(30_000, 3)))).to.equal(false);
  });
});
