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

  it('keeps names in any script, and a nickname in parentheses, but splits "(avec A et B)"', () => {
    expect(splitAuthors('肖春芳')).to.deep.equal(['肖春芳']);
    expect(splitAuthors('Наталья Васильева')).to.deep.equal(['Наталья Васильева']);
    expect(splitAuthors('123')).to.deep.equal([]);
    expect(splitAuthors('Richard (R.J.) Eskow')).to.deep.equal(['Richard (R.J.) Eskow']);
    expect(splitAuthors('Martin Untersinger (avec Damien Leloup et Morgane Tual)')).to.deep.equal([
      'Martin Untersinger',
      'Damien Leloup',
      'Morgane Tual',
    ]);
    expect(splitAuthors('Last Updated: January 7, 2025')).to.deep.equal([]);
  });

  it('names the writer, not the editor or photographer printed after', () => {
    expect(splitAuthors('Written by Rob Ewaschuk Edited by Betsy Beyer')).to.deep.equal(['Rob Ewaschuk']);
    expect(splitAuthors('By Ann Lee. Photographs by Bo Chan')).to.deep.equal(['Ann Lee']);
    expect(splitAuthors('Sammy Davis Jr.')).to.deep.equal(['Sammy Davis Jr.']);
  });
});

/** A page with a story long enough to extract, and `head` and `beforeStory` where a test needs them. */
const page = (head: string, beforeStory = '', afterHeadline = '') =>
  `<html><head><title>Fed lifts rates again | Daily</title>${head}</head><body>${beforeStory}
    <h1>Fed lifts rates again</h1>${afterHeadline}
    <article><p>${'Revenue rose and guidance was raised for the year. '.repeat(10)}</p></article></body></html>`;

describe('article metadata read as pages write it', () => {
  it('reads meta tags that list several space-separated properties', () => {
    const head = `<meta property="og:title twitter:title" content="Fed lifts rates again">
      <meta property="dc:creator twitter:creator" content="Ann Lee">`;
    expect(extractArticle(page(head))).to.deep.include({ title: 'Fed lifts rates again', authors: ['Ann Lee'] });
  });

  it('reads microdata whose itemprop lists several properties', () => {
    const byline = '<span itemprop="author creator"><a href="/a/afp"><span itemprop="name"> AFP</span></a></span>';
    expect(extractArticle(page('', '', byline)).authors).to.deep.equal(['AFP']);
  });

  it('passes over a meta tag without content to a later one with the same key', () => {
    const head = '<meta name="author"><meta name="author" content="Bo Chan">';
    expect(extractArticle(page(head)).authors).to.deep.equal(['Bo Chan']);
  });

  it("reads a printed byline after the headline, not followed authors before it, and a link's text over a role", () => {
    const sidebar = '<div class="author-follow"><a href="/a/x">Katie Couric</a></div>';
    const byline = '<div class="author"><a href="/author/ben">Ben Silverman</a> <span>Games Editor</span></div>';
    expect(extractArticle(page('', sidebar, byline)).authors).to.deep.equal(['Ben Silverman']);
  });

  it('matches byline class names whatever their case', () => {
    const byline = '<div class="FeatureByline"> By <b>Nathan Willis</b></div>';
    expect(extractArticle(page('', '', byline)).authors).to.deep.equal(['Nathan Willis']);
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
