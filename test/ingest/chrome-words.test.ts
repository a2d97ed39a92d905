import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { withoutRanges } from '../../ingest/article-declutter.js';
import { classAndIdRanges } from '../../ingest/chrome-words.js';

/** The source less the class and id attributes of the elements the selector finds. */
function cut(source: string, selector: string): string {
  const $ = cheerio.load(source, { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true } });
  return withoutRanges(source, classAndIdRanges(source, $(selector).toArray() as Element[]));
}

describe('class and id words cut from opening tags for the fallback', () => {
  it('cuts class and id, quoted either way or not at all, and keeps every other attribute', () => {
    const source = `<div data-x="a > b" CLASS='sticky-sidebar' title=x id=side><p class="keep">Text</p></div>`;
    expect(cut(source, 'div')).to.equal(`<div data-x="a > b" title=x><p class="keep">Text</p></div>`);
  });

  it('stops at the end of the opening tag: a class later in the element is not cut', () => {
    const source = '<section data-role="part"><div class="sidebar">Text</div></section>';
    expect(cut(source, 'section')).to.equal(source);
  });

  it('reads an attribute without a value, and a self-closing tag', () => {
    expect(cut('<div hidden class="a"/>', 'div')).to.equal('<div hidden/>');
  });
});
