import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { extractArticle } from '../../ingest/article.js';
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
