import { expect } from 'chai';
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { brBlockParagraphs, paragraphPoints } from '../../ingest/br-paragraphs.js';

const brBlockPoints = (el: Element) => brBlockParagraphs(el).points;

const block = (html: string) => parseDocument(html).children[0] as Element;
const line = 'Revenue grew 3 percent while costs, margins and cash flow held.'; // 63 characters, 1 comma: 2 points

describe('ingest/br-paragraphs: points of text written as <br> lines', () => {
  it('scores a paragraph as Readability does: nothing under 25 characters, else 1 + commas + 1 per 100 chars', () => {
    expect(paragraphPoints('Too short to count, really')).to.equal(2);
    expect(paragraphPoints('Short, but not enough.')).to.equal(0);
    expect(paragraphPoints(line)).to.equal(2);
    expect(paragraphPoints(`${line} `.repeat(10).trim())).to.equal(1 + 10 + 3);
  });
  it('counts the commas of other scripts too', () => {
    // 26 characters, 2 commas
    const chinese = '營區內除了露營，民宿與餐飲，賞楓項目多了許多原木飾品';
    expect(paragraphPoints(chinese)).to.equal(3);
  });
  it('scores each paragraph between two or more <br>s on its own, as if it were a <p>', () => {
    expect(brBlockPoints(block(`<div>${line}<br><br>${line}<br>\n<br><br>${line}</div>`))).to.equal(3 * 2);
  });
  it('counts the paragraphs with text a block holds, so a block of several is scored as their container', () => {
    expect(brBlockParagraphs(block(`<div>${line}<br><br>${line}<br><br><br></div>`)).paragraphs).to.equal(2);
    expect(brBlockParagraphs(block(`<div>${line}<br>${line}</div>`)).paragraphs).to.equal(1);
  });
  it('keeps lines split by a single <br> one paragraph, and reads inline markup as text', () => {
    expect(brBlockPoints(block(`<div>${line}<br><b>${line}</b></div>`))).to.equal(paragraphPoints(`${line} ${line}`));
  });
  it('ends a paragraph at a nested block and leaves the block to be scored on its own', () => {
    const nested = block(`<div>${line}<div>${line}<br><br>${line}</div>${line}<br><br></div>`);
    expect(brBlockPoints(nested)).to.equal(2 * 2);
  });
});
