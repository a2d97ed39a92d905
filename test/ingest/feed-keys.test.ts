import { expect } from 'chai';
import { decodeBody } from '../../ingest/charset.js';
import { parseFeed } from '../../ingest/feed-parser.js';
import { upsertDocuments } from '../../db/documents.js';
import { openStore } from '../../db/store.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { rssDocument } from '../support/hostile-server.js';

/** A podcast-style feed: every item links to the same page, each has its own guid. */
const sharedLinkFeed = (n: number) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>show</title><link>https://show.example.com/</link><description>d</description>
${Array.from(
  { length: n },
  (_, i) => `<item><title>Episode ${i}</title><link>https://show.example.com/</link>
<guid isPermaLink="false">episode-${i}</guid><description>teaser ${i}</description>
<content:encoded><![CDATA[<p>Full story ${i}: revenue rose sharply.</p><p>Second paragraph.</p>]]>
</content:encoded></item>`,
).join('\n')}
</channel></rss>`;

describe('ingest/feed-parser keys and bodies', () => {
  it('keys items by guid, so items sharing one link stay separate documents', async () => {
    const items = await parseFeed(sharedLinkFeed(12), { source: 'show', kind: 'news' });
    expect(new Set(items.map((i) => i.key)).size).to.equal(12);
    const store = openStore(':memory:');
    const r = store.tx(() => upsertDocuments(store.db, items, '2025-01-01T00:00:00Z'));
    expect(r.inserted).to.equal(12);
  });

  it('keeps content:encoded as the body instead of the teaser', async () => {
    const [first] = await parseFeed(sharedLinkFeed(1), { source: 'show', kind: 'news' });
    expect(first.body).to.match(/^Full story 0: revenue rose sharply\.\s+Second paragraph\.$/);
  });

  it('falls back to the link as key when an item has no guid', async () => {
    const xml = sharedLinkFeed(1).replace(/<guid[^>]*>.*?<\/guid>/, '');
    const [first] = await parseFeed(xml, { source: 'show', kind: 'news' });
    expect(first.key).to.equal('https://show.example.com/');
  });

  it('decodes a UTF-16 feed by its byte-order mark', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rssDocument('Ümlaut headline'), 'utf16le')]);
    const [item] = await parseFeed(decodeBody(le, 'application/rss+xml; charset=utf-8'), { source: 's', kind: 'news' });
    expect(item.title).to.equal('Ümlaut headline');
    const be = Buffer.from(le.toString('utf16le'), 'utf16le').swap16();
    const [again] = await parseFeed(decodeBody(Buffer.concat([Buffer.from([0xfe, 0xff]), be.subarray(2)])), {
      source: 's',
      kind: 'news',
    });
    expect(again.title).to.equal('Ümlaut headline');
  });

  it('migration 005 re-keys stored feed items by guid, so the next fetch adds no copies', async () => {
    const store = openStore(':memory:', { migrations: readMigrations().filter((m) => m.version < 5) });
    const items = await parseFeed(sharedLinkFeed(3), { source: 'show', kind: 'news' });
    const oldStyle = items.map((d, i) => ({ ...d, key: `https://show.example.com/?old=${i}` }));
    store.db
      .prepare("INSERT INTO sources (id, type, url) VALUES ('show', 'rss', 'https://show.example.com/feed')")
      .run();
    store.tx(() => upsertDocuments(store.db, oldStyle, '2025-01-01T00:00:00Z'));
    migrate(store.db);
    const again = store.tx(() => upsertDocuments(store.db, items, '2025-01-02T00:00:00Z'));
    expect(again.inserted).to.equal(0);
    expect(store.db.prepare('SELECT count(*) n FROM documents').get()).to.deep.equal({ n: 3 });
  });
});
