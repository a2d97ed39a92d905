import { expect } from 'chai';
import { parseDocument } from 'htmlparser2';
import { wordsOutsideLinks } from '../../ingest/page-words.js';
import { countWords } from '../../ingest/word-count.js';

describe('ingest/word-count: words as a reader counts them, in scripts with and without spaces', () => {
  it('counts runs between whitespace in a spaced script', () => {
    expect(countWords('  Shares rose 5% on Monday. ')).to.equal(5);
  });
  it('counts each Chinese or Japanese character, which no space separates, as a word', () => {
    expect(countWords('谷歌收购了公司。')).to.equal(7);
    expect(countWords('イヌは橋を渡った')).to.equal(8);
  });
  it('counts a Latin name inside Chinese text once, beside the characters around it', () => {
    // "DeepMind表示，": the name (with the comma) is one word, 表 and 示 two more.
    expect(countWords('DeepMind表示，')).to.equal(3);
  });
  it("weighs a Chinese story against a page's English links as it weighs an English one", () => {
    const opening = '谷歌在2014年收购的人工智能公司';
    const close = '开发出一款能够用自己的记忆学习新知识的计算机。';
    const story = `<p>${opening}${close}</p>`;
    const links = '<a href="/a">Home</a> <a href="/b">World news</a>';
    expect(wordsOutsideLinks(parseDocument(`<body>${story}${links}</body>`))).to.be.greaterThan(30);
  });
});
