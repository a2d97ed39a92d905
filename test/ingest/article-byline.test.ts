import { expect } from 'chai';
import { extractArticle } from '../../ingest/article.js';
import { splitAuthors } from '../../ingest/article-meta.js';

describe('article byline: names without the timestamp printed after them', () => {
  it('cuts a byline where its date or time begins', () => {
    expect(splitAuthors('GILLIAN MOHNEY March 11, 2015 3:46 PM')).to.deep.equal(['GILLIAN MOHNEY']);
    expect(splitAuthors('James Akinaka • 8h')).to.deep.equal(['James Akinaka']);
    expect(splitAuthors('Nicolas Perriault — 2013-03-02')).to.deep.equal(['Nicolas Perriault']);
    expect(splitAuthors('By Ann Lee and Bo Chan, Updated 4 hours ago')).to.deep.equal(['Ann Lee', 'Bo Chan']);
  });

  it('keeps names that merely contain a month or a number-free word', () => {
    expect(splitAuthors('Theresa May and June Carter')).to.deep.equal(['Theresa May', 'June Carter']);
  });

  it('drops initials-only fragments and a leading "by" in several languages', () => {
    expect(splitAuthors('J J')).to.deep.equal([]);
    expect(splitAuthors('por César Salza')).to.deep.equal(['César Salza']);
    expect(splitAuthors('Par Sébastien Farcis')).to.deep.equal(['Sébastien Farcis']);
  });
});

describe('article metadata in JSON-LD wrapped as older templates wrap it', () => {
  it('reads a JSON-LD block inside <![CDATA[ ]]> or an HTML comment', () => {
    const ld = JSON.stringify({ '@type': 'BlogPosting', headline: 'Fed lifts rates', author: { name: 'Dave Steer' } });
    const body = `<article><p>${'Revenue rose and guidance was raised for the year. '.repeat(10)}</p></article>`;
    for (const wrapped of [`<![CDATA[\n${ld}\n]]>`, `<!--\n${ld}\n-->`]) {
      const html = `<html><head><title>Fed lifts rates | Blog</title>
        <script type="application/ld+json">\n  ${wrapped}\n</script></head><body>${body}</body></html>`;
      expect(extractArticle(html)).to.deep.include({ title: 'Fed lifts rates', authors: ['Dave Steer'] });
    }
  });
});
