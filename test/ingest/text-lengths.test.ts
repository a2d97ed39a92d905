import { expect } from 'chai';
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { TextLengths } from '../../ingest/text-lengths.js';

const root = (html: string) => parseDocument(html).children[0] as Element;

describe('ingest/text-lengths: lengths, links and commas of a subtree, measured once', () => {
  it('counts links inside paragraphs in the link density but not in the loose link density', () => {
    const box = root('<div><p>Shares of <a href="/a">Apple</a> rose.</p><a href="/s">Subscribe</a></div>');
    const lengths = new TextLengths();
    // "Shares of Apple rose." is 21 characters, "Subscribe" 9: 30 in all, 14 of them in links, 9 outside the <p>.
    expect(lengths.of(box)).to.equal(30);
    expect(lengths.linkDensity(box)).to.be.closeTo(14 / 30, 1e-9);
    expect(lengths.looseLinkDensity(box)).to.be.closeTo(9 / 30, 1e-9);
  });
  it('counts the commas of every script', () => {
    expect(new TextLengths().commas(root('<div><p>a, b</p><p>甲，乙، ج</p></div>'))).to.equal(3);
  });
});
