import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { divsAsParagraphs } from '../../ingest/div-paragraphs.js';

describe('ingest/div-paragraphs', () => {
  it('reads a <div> of text and inline elements as a <p>, and leaves a <div> around such blocks a <div>', () => {
    const $ = cheerio.load(
      '<div id="o"><div>One <b>bold</b> line.</div><div>Two <a href="/x">linked</a>.</div></div>',
      {
        xml: { xmlMode: false },
      },
    );
    divsAsParagraphs($.root()[0]);
    expect($('p').length).to.equal(2);
    expect($('#o')[0].tagName).to.equal('div');
  });
});
