import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { extractBody } from '../../ingest/article-body.js';

const line = (i: number) => `Line ${i} of the story says revenue grew while costs, margins and cash flow held firm.`;

describe('ingest/article-body pruning', () => {
  it('prunes a block its class marks as chrome on a page without a scored paragraph (no "half of none")', () => {
    const story = Array.from({ length: 8 }, (_, i) => `<div>${line(i)}</div>`).join('');
    const sidebar = '<div class="sidebar"><p>Most read today</p><p>Markets close higher</p></div>';
    const $ = cheerio.load(`<html><body><div class="story">${story}</div>${sidebar}</body></html>`);
    const { spared } = extractBody($);
    expect($('.sidebar')).to.have.length(0);
    expect(spared).to.deep.equal([]);
  });

  it('spares a block of paragraphs its class marks as chrome when it holds the story, and says so', () => {
    const story = Array.from({ length: 8 }, (_, i) => `<p>${line(i)}</p>`).join('');
    const $ = cheerio.load(`<html><body><div class="sticky-sidebar">${story}</div><nav>Home</nav></body></html>`);
    const { paragraphs, spared } = extractBody($);
    expect(paragraphs).to.have.length(8);
    expect(spared.map((el) => el.attribs.class)).to.deep.equal(['sticky-sidebar']);
  });
});
