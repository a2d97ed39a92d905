import { sourceFrom } from '../support/sources.js';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseFeed } from '../../ingest/feed-parser.js';

import { decodeBody } from '../../ingest/charset.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { getSourceState } from '../../db/sources.js';
import { startFixtureServer, type FixtureServer } from '../../sample/fixture-server.js';
import { fixture, testDeps } from '../support/fixtures.js';

const FEEDS: [string, number][] = [
  ['sec_edgar_company_browse_atom_1.xml', 5],
  ['sec_edgar_company_browse_atom_2.xml', 55],
  ['sec_edgar_usgaap.rss', 200],
  ['sec_pressreleases.rss', 25],
  ['sec_testimony.rss', 25],
  ['reuters_topNews_2017-03-20.xml', 10],
];

describe('ingest/rss', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  it('parses every item of each well-formed fixture feed', async () => {
    for (const [file, n] of FEEDS) {
      const items = await parseFeed(decodeBody(readFileSync(fixture('feeds', file))), { source: file, kind: 'news' });
      expect(items, file).to.have.length(n);
      expect(
        items.every((i) => i.key && i.title && i.publishedAt),
        file,
      ).to.equal(true);
    }
  });

  it('decodes windows-1252 and trims titles that arrive with whitespace and newlines', async () => {
    const pr = await parseFeed(decodeBody(readFileSync(fixture('feeds', 'sec_pressreleases.rss'))), {
      source: 'pr',
      kind: 'news',
    });
    expect(pr[0].title).to.equal('Acting Chairman Mark T. Uyeda Names Acting Senior Staff');
    expect(pr[0].body).to.contain('Uyeda’s selections');
    const gaap = await parseFeed(decodeBody(readFileSync(fixture('feeds', 'sec_edgar_usgaap.rss'))), {
      source: 'g',
      kind: 'filing',
    });
    const cp1252 = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>x</title><item><title>Caf',
      ),
      Buffer.from([0xe9, 0x20, 0x93]),
      Buffer.from('quoted'),
      Buffer.from([0x94]),
      Buffer.from('</title><link>http://x/1</link></item></channel></rss>'),
    ]);
    const [cafe] = await parseFeed(decodeBody(cp1252), { source: 'c', kind: 'news' });
    expect(cafe.title).to.equal('Café “quoted”');
    const latin1 = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-1"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>' +
          '<entry><title>Bank of ',
      ),
      Buffer.from([0xc5]),
      Buffer.from(
        'land</title><link href="http://x/2"/><id>2</id><updated>2025-01-01T00:00:00Z</updated></entry></feed>',
      ),
    ]);
    expect((await parseFeed(decodeBody(latin1), { source: 'l', kind: 'news' }))[0].title).to.equal('Bank of Åland');
    expect(gaap[0].extra).to.include({ cik: '1915657', filer: 'HF Sinclair Corp', formType: '8-K' });
    expect(gaap[0].publishedAt).to.equal('2025-01-24T22:08:44.000Z'); // "17:08:44 EST"
    // A company's Atom feed names its filer once, for every entry.
    const company = await parseFeed(readFileSync(fixture('feeds', 'sec_edgar_company_browse_atom_1.xml'), 'utf8'), {
      source: 'm',
      kind: 'filing',
    });
    expect(company[0].extra).to.include({ cik: '1844419', filer: 'Maquia Capital Acquisition Corp' });
  });

  it('uses feedburner:origLink as the key and decodes entities in descriptions', async () => {
    const items = await parseFeed(decodeBody(readFileSync(fixture('feeds', 'reuters_topNews_2017-03-20.xml'))), {
      source: 'r',
      kind: 'news',
    });
    expect(items[0].key).to.equal('http://www.reuters.com/article/us-usa-trump-russia-idUSKBN16R077');
    expect(items.every((i) => !/<img|&lt;|&amp;/.test(i.body ?? ''))).to.equal(true);
  });

  it('gives an item dated on a day no calendar has no date, where Date would move it into the next month', async () => {
    const item = (guid: string, date: string) =>
      `<item><title>Acme ${guid}</title><link>http://example.com/${guid}</link><guid>${guid}</guid>` +
      `<pubDate>${date}</pubDate></item>`;
    const entries = item('a', 'Mon, 30 Feb 2015 10:00:00 GMT') + item('b', 'Sat, 28 Feb 2015 10:00:00 GMT');
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${entries}</channel></rss>`;
    const items = await parseFeed(feed, { source: 'r', kind: 'news' });
    expect(items.map((i) => i.publishedAt)).to.deep.equal([null, '2015-02-28T10:00:00.000Z']);
  });

  it('a malformed feed is reported as that feed’s error and every other feed still lands', async () => {
    const d = testDeps();
    const sources = [
      ...FEEDS.map(([f]) => sourceFrom({ type: 'rss', id: f, url: `${server.url}/feeds/${f}`, kind: 'news' })),
      sourceFrom({
        type: 'rss',
        id: 'nasdaq',
        url: `${server.url}/feeds/nasdaq_stock_tracker_2017-03-27_FRAGMENT.xml`,
        kind: 'news',
      }),
    ];
    const out = await runIngest(sources, d);
    const bad = out.find((o) => o.id === 'nasdaq')!;
    expect(bad.status).to.equal('error');
    expect(bad.error).to.match(/nasdaq is not a valid RSS\/Atom document/);
    expect(getSourceState(d.store.db, 'nasdaq')!.last_error).to.equal(bad.error);
    for (const [f, n] of FEEDS)
      expect(
        out.find((o) => o.id === f),
        f,
      ).to.include({ status: 'ok', inserted: n });
    const total = FEEDS.reduce((s, [, n]) => s + n, 0);
    expect(d.store.db.prepare('SELECT count(*) n FROM documents').get()).to.deep.equal({ n: total });
  });

  it('running ingest twice adds nothing; the second run is a conditional GET answered 304', async () => {
    const d = testDeps();
    const src = [
      sourceFrom({
        type: 'rss',
        id: 'reuters',
        url: `${server.url}/feeds/reuters_topNews_2017-03-20.xml`,
        kind: 'news',
      }),
    ];
    const first = await runIngest(src, d);
    const second = await runIngest(src, d);
    expect(first[0].inserted).to.equal(10);
    expect(second[0]).to.include({ status: 'not-modified', inserted: 0 });
    d.store.db.prepare('UPDATE sources SET etag = NULL, last_modified = NULL').run();
    const third = await runIngest(src, d);
    expect(third[0]).to.include({ status: 'ok', inserted: 0, alreadyPresent: 10 });
  });
});
