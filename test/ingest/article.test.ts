import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { extractArticle } from '../../ingest/article.js';
import { fetchArticles } from '../../ingest/fetch-articles.js';
import { upsertDocuments } from '../../db/documents.js';
import { startFixtureServer } from '../../sample/fixture-server.js';
import { fixture, testDeps } from '../support/fixtures.js';

// Expected values from postlight/parser's own tests (see fixtures/SOURCE.md); '–' there means "not given".
const EXPECTED = JSON.parse(readFileSync(fixture('html', 'expected.json'), 'utf8')) as Record<
  string,
  { title: string; authors: string[] | null; published: string | null; firstWords: string }
>;
const firstWords = (s: string, n = 13) => s.split(/\s+/).slice(0, n).join(' ');

describe('ingest/article extraction on the visible fixture pages', () => {
  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`extracts title, authors, date and body start of ${file}`, () => {
      const a = extractArticle(readFileSync(fixture('html', file)));
      expect(a.title).to.equal(want.title);
      if (want.authors) expect(a.authors).to.deep.equal(want.authors);
      if (want.published) expect(a.published).to.equal(want.published);
      expect(firstWords(a.body)).to.equal(want.firstWords);
      expect(a.body.length).to.be.greaterThan(1500);
    });
  }

  it('prefers JSON-LD over meta tags and splits "By A and B"', () => {
    const ld = JSON.stringify({
      '@type': 'NewsArticle',
      headline: 'LD title',
      author: [{ '@type': 'Person', name: 'Ann Lee' }, { name: 'Bo Chan' }],
      datePublished: '2024-05-01T12:00:00-04:00',
    });
    const p1 = 'Revenue rose, margins widened, and guidance was raised for the year. '.repeat(5);
    const p2 = 'The company also announced a buyback. '.repeat(5);
    const html = `<html><head><meta property="og:title" content="Meta title">
      <script type="application/ld+json">${ld}</script></head>
      <body><article><p>${p1}</p><p>${p2}</p></article></body></html>`;
    const a = extractArticle(html);
    expect(a).to.deep.include({
      title: 'LD title',
      authors: ['Ann Lee', 'Bo Chan'],
      published: '2024-05-01T16:00:00.000Z',
    });
    expect(a.body).to.match(/^Revenue rose/);
  });

  it("reads a publication date naming a day no calendar has as none, taking the page's next date instead", () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'LD title', datePublished: '2024-02-30T12:00:00Z' });
    const p1 = 'Revenue rose, margins widened, and guidance was raised for the year. '.repeat(5);
    const page = (meta: string) =>
      `<html><head>${meta}<script type="application/ld+json">${ld}</script></head>` +
      `<body><article><p>${p1}</p></article></body></html>`;
    // Date reads 30 February as 1 March: a story dated a day after it could have been published.
    expect(extractArticle(page('')).published).to.equal(null);
    const meta = '<meta property="article:published_time" content="2024-02-28T09:30:00Z">';
    expect(extractArticle(page(meta)).published).to.equal('2024-02-28T09:30:00.000Z');
  });

  it('fetches pending article pages and replaces the feed summary with the body', async () => {
    const server = await startFixtureServer();
    try {
      const d = testDeps();
      upsertDocuments(
        d.store.db,
        [
          {
            source: 'r',
            key: 'a1',
            kind: 'news',
            url: `${server.url}/html/www.reuters.com.html`,
            title: 'Fed lifts rates',
            body: 'summary',
            wantArticle: true,
          },
          {
            source: 'r',
            key: 'a2',
            kind: 'news',
            url: `${server.url}/html/gone.html`,
            title: 'Gone',
            body: 'summary',
            wantArticle: true,
          },
        ],
        't',
      );
      const r = await fetchArticles(d);
      expect(r).to.deep.equal({ done: 1, failed: 1, pending: 0 });
      const row = d.store.db
        .prepare("SELECT body, author, article_status, extra FROM documents WHERE key = 'a1'")
        .get() as any;
      expect(row.body).to.match(/^WASHINGTON \(Reuters\)/);
      expect(row.author).to.equal('Howard Schneider, Lindsay Dunsmuir');
      expect(JSON.parse(row.extra).feedSummary).to.equal('summary');
      expect((d.store.db.prepare("SELECT article_status s FROM documents WHERE key = 'a2'").get() as any).s).to.match(
        /^failed: GET .* returned 404/,
      );
    } finally {
      await server.close();
    }
  });
});

describe('ingest/article re-ingest', () => {
  it('re-ingesting a feed item does not overwrite its extracted article; an edited title re-queues it', async () => {
    const server = await startFixtureServer();
    try {
      const d = testDeps();
      const item = {
        source: 'r',
        key: 'a1',
        kind: 'news' as const,
        url: `${server.url}/html/www.reuters.com.html`,
        title: 'Fed lifts rates',
        body: 'summary',
        wantArticle: true,
      };
      upsertDocuments(d.store.db, [item], 't1');
      await fetchArticles(d);
      expect(upsertDocuments(d.store.db, [item], 't2')).to.include({ alreadyPresent: 1, updated: 0 });
      const body = () =>
        d.store.db.prepare("SELECT body, article_status s FROM documents WHERE key = 'a1'").get() as any;
      expect(body().body).to.match(/^WASHINGTON \(Reuters\)/);
      expect(upsertDocuments(d.store.db, [{ ...item, title: 'Fed lifts rates, signals more' }], 't3')).to.include({
        updated: 1,
      });
      expect(body().s).to.equal('pending');
      expect(body().body).to.match(/^WASHINGTON \(Reuters\)/);
    } finally {
      await server.close();
    }
  });
});
