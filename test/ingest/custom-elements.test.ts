import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { customBlocksAsDivs } from '../../ingest/custom-elements.js';

/** The page's tag names, in document order, after the custom elements that are blocks became `<div>`s. */
function tagsAfter(html: string): string[] {
  const $ = cheerio.load(html);
  customBlocksAsDivs($.root()[0] as AnyNode);
  return $('body *')
    .toArray()
    .map((e) => (e as Element).name);
}

describe('ingest/custom-elements: which custom elements are blocks', () => {
  it('reads paragraphs written as custom elements of text alone as blocks, and their wrapper too', () => {
    const html = '<story-body><x-para>One sentence.</x-para><x-para>Another one.</x-para></story-body>';
    expect(tagsAfter(html)).to.deep.equal(['div', 'div', 'div']);
  });

  it('reads a custom element that holds HTML blocks as a block, even beside text', () => {
    const html = '<section>Intro, then <rich-text><div>A quoted block.</div></rich-text></section>';
    expect(tagsAfter(html)).to.deep.equal(['section', 'div', 'div']);
  });

  it('leaves one inside a sentence, a paragraph or a line of inline elements as it is', () => {
    expect(tagsAfter('<p>Posted <relative-time>3 days</relative-time> ago.</p>')).to.deep.equal(['p', 'relative-time']);
    expect(tagsAfter('<div><span>By</span> <author-name>Jane Doe</author-name></div>')).to.deep.equal([
      'div',
      'span',
      'author-name',
    ]);
    expect(tagsAfter('<div><p><x-em>Alone in a paragraph</x-em></p></div>')).to.deep.equal(['div', 'p', 'x-em']);
  });
});
