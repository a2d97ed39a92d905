import { expect } from 'chai';
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { MAX_PARAGRAPH_WRAPPERS, paragraphInside, soleChild } from '../../ingest/article-candidates.js';

const root = (html: string) => parseDocument(html).children[0] as Element;
/** A paragraph inside `depth` sole-child <div>s. */
const wrapped = (depth: number) => `${'<div>'.repeat(depth)}<p>Shares rose.</p>${'</div>'.repeat(depth)}`;

describe('ingest/article-candidates: what counts as one paragraph', () => {
  it('reads a paragraph through as many sole-child wrappers as a component adds', () => {
    for (let depth = 1; depth <= MAX_PARAGRAPH_WRAPPERS; depth++)
      expect(paragraphInside(root(wrapped(depth))).tagName, `depth ${depth}`).to.equal('p');
  });
  it('stops one wrapper deeper: that nesting is page layout, not a paragraph', () => {
    expect(paragraphInside(root(wrapped(MAX_PARAGRAPH_WRAPPERS + 1))).tagName).to.equal('div');
  });
  it('sees no sole child beside text or a second element, and looks past whitespace and comments', () => {
    expect(soleChild(root('<div>Note: <p>Shares rose.</p></div>'))).to.equal(null);
    expect(soleChild(root('<div><p>One.</p><p>Two.</p></div>'))).to.equal(null);
    expect(soleChild(root('<div>\n  <!-- slot --><p>Shares rose.</p>\n</div>'))?.tagName).to.equal('p');
  });
});
