import { expect } from 'chai';
import { parseDocument } from 'htmlparser2';
import { wordsOutsideLinks } from '../../ingest/page-words.js';

const count = (html: string) => wordsOutsideLinks(parseDocument(html));

describe('ingest/page-words: how much prose a page holds outside its links', () => {
  it('leaves out every word of a menu whose links sit back to back, not all but one', () => {
    const menu = '<ul><li><a href="/a">World news</a></li><li><a href="/b">Market data</a></li></ul>';
    expect(count(`<body>${menu}<p>Shares rose on Monday.</p></body>`)).to.equal(4);
  });
  it('counts the words of blocks written without whitespace between them apart', () => {
    expect(count('<body><p>Revenue grew.</p><p>Costs fell.</p></body>')).to.equal(4);
  });
  it('counts a link inside a paragraph as running text, as the body it is measured against does', () => {
    expect(
      count('<body><p>Shares of <a href="/wiki/apple">Apple Inc</a> rose.</p><a href="/x">Home</a></body>'),
    ).to.equal(5);
  });
  it('leaves out text nested at any depth inside a link', () => {
    expect(count('<body><a href="/x"><span><b>Read the full story</b></span></a> and more</body>')).to.equal(2);
  });
});
