import { sourceFrom } from '../support/sources.js';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseRedditListing } from '../../ingest/sources/reddit.js';
import { parseStockTwitsStream } from '../../ingest/sources/stocktwits.js';
import { twitterV1AsDocument } from '../../ingest/sources/twitter.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { NonRetryableError } from '../../core/errors.js';
import { startFixtureServer, type FixtureServer } from '../../sample/fixture-server.js';
import { fixture, testDeps } from '../support/fixtures.js';

const json = (...p: string[]) => JSON.parse(readFileSync(fixture(...p), 'utf8'));

describe('ingest/social', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  it('parses a Reddit listing into posts keyed by id with UTC times', () => {
    const docs = parseRedditListing(json('social', 'reddit-wallstreetbets-new.json'), 'wsb');
    expect(docs).to.have.length(25);
    expect(docs[0]).to.include({ key: 's9i9bw', kind: 'social', publishedAt: '2022-01-21T19:07:47.000Z' });
    expect(() => parseRedditListing({ error: 403 }, 'wsb')).to.throw(NonRetryableError, /not a Listing/);
  });

  it('parses real StockTwits v2 messages with their symbols and the user’s own sentiment tag', () => {
    const { items, since } = parseStockTwitsStream(json('social', 'stocktwits-AAPL.json'), 'st');
    expect(items).to.have.length(15);
    expect(since).to.equal(33087415);
    expect(items[0].tickers).to.deep.include({ ticker: 'AAPL', method: 'source' });
    expect(items.some((i) => i.extra?.userSentiment === 'Bullish' || i.extra?.userSentiment === 'Bearish')).to.equal(
      true,
    );
  });

  it('reads Twitter v1.1 ids from id_str, never from the lossy number', () => {
    const statuses = json('social', 'twitter-v1-statuses.json');
    const d = twitterV1AsDocument(statuses[0], 'tw');
    expect(d.key).to.equal(statuses[0].id_str);
    expect(String(statuses[0].id)).to.not.equal(statuses[0].id_str); // the JSON number lost precision
  });

  it('StockTwits and X remember their cursor: a second run fetches only newer posts', async () => {
    const d = testDeps();
    const st = sourceFrom({ type: 'stocktwits', id: 'st', symbols: ['AAPL', 'TSLA'], baseUrl: `${server.url}/api/2` });
    const tw = sourceFrom({ type: 'twitter', id: 'x', query: '$AAPL OR $TSLA', baseUrl: `${server.url}/2` });
    const first = await runIngest([st, tw], d);
    expect(first.map((o) => o.fetched)).to.deep.equal([30, 20]);
    // A message tagged with both symbols is one document; a duplicated tweet id is one document.
    const uniqueSt = new Set(
      ['AAPL', 'TSLA'].flatMap((s) => json('social', `stocktwits-${s}.json`).messages.map((m: { id: number }) => m.id)),
    ).size;
    const uniqueTw = new Set(json('social', 'twitter-recent-search.json').data.map((t: { id: string }) => t.id)).size;
    expect(first.map((o) => o.inserted)).to.deep.equal([uniqueSt, uniqueTw]);
    const second = await runIngest([st, tw], d);
    expect(second.map((o) => [o.status, o.fetched])).to.deep.equal([
      ['ok', 0],
      ['ok', 0],
    ]);
  });

  it('a failing StockTwits symbol is reported while the others land, and is asked again on the next run', async () => {
    const d = testDeps();
    const st = sourceFrom({
      type: 'stocktwits',
      id: 'st',
      symbols: ['AAPL', 'NOSUCH', 'TSLA'],
      baseUrl: `${server.url}/api/2`,
    });
    const [first] = await runIngest([st], d);
    expect(first.status).to.equal('partial');
    expect(first.warnings).to.have.length(1);
    expect(first.warnings[0]).to.match(/^NOSUCH: .*404/);
    expect(first.fetched).to.equal(30);
    const state = d.store.db.prepare("SELECT cursor, last_error FROM sources WHERE id = 'st'").get() as {
      cursor: string;
      last_error: string;
    };
    expect(Object.keys(JSON.parse(state.cursor)).sort()).to.deep.equal(['AAPL', 'TSLA']);
    expect(state.last_error).to.match(/NOSUCH/);
    const [second] = await runIngest([st], d);
    expect(second).to.include({ status: 'partial', fetched: 0 });
  });

  it('a StockTwits cursor that is not JSON starts the streams afresh instead of failing every run', async () => {
    const d = testDeps();
    const st = sourceFrom({ type: 'stocktwits', id: 'st', symbols: ['AAPL'], baseUrl: `${server.url}/api/2` });
    await runIngest([st], d);
    d.store.db.prepare("UPDATE sources SET cursor = 'not json' WHERE id = 'st'").run();
    const [again] = await runIngest([st], d);
    expect(again).to.include({ status: 'ok', fetched: 15, inserted: 0 });
    const [third] = await runIngest([st], d);
    expect(third).to.include({ status: 'ok', fetched: 0 });
  });

  it('a StockTwits source whose every symbol fails is an error', async () => {
    const st = sourceFrom({
      type: 'stocktwits',
      id: 'st',
      symbols: ['NOSUCH', 'NONE'],
      baseUrl: `${server.url}/api/2`,
    });
    const [out] = await runIngest([st], testDeps());
    expect(out.status).to.equal('error');
    expect(out.error).to.match(/404/);
  });

  it('X forgets its cursor when its query changes, so the new query reads its whole recent window', async () => {
    const d = testDeps();
    const search = (query: string) => sourceFrom({ type: 'twitter', id: 'x', query, baseUrl: `${server.url}/2` });
    const [first] = await runIngest([search('$AAPL')], d);
    expect(first.fetched).to.equal(20);
    expect((await runIngest([search('$AAPL')], d))[0].fetched).to.equal(0);
    const [changed] = await runIngest([search('$AAPL OR $TSLA')], d);
    expect(changed).to.include({ fetched: 20, inserted: 0 });
  });

  it('Reddit reads listing pages back until it reaches the posts stored last run, and only then stops', async () => {
    const d = testDeps();
    const wsb = (limit: number, maxPages = 10) =>
      sourceFrom({ type: 'reddit', id: 'wsb', subreddit: 'wallstreetbets', baseUrl: server.url, limit, maxPages });
    const hits = () => server.hits.get('/r/wallstreetbets/new.json') ?? 0;
    // 25 posts, 10 a page: a busy subreddit's posts since the last run span several pages, and all are stored.
    const before = hits();
    const [first] = await runIngest([wsb(10)], d);
    expect(first).to.include({ status: 'ok', fetched: 25, inserted: 25 });
    expect(hits() - before).to.equal(3);
    // Nothing new: the first page already holds posts older than the newest stored, so one request is enough.
    const again = hits();
    expect((await runIngest([wsb(10)], d))[0]).to.include({ status: 'ok', inserted: 0 });
    expect(hits() - again).to.equal(1);
  });

  it('Reddit warns when its page budget runs out before the posts stored last run (posts may be lost)', async () => {
    const d = testDeps();
    const wsb = (maxPages: number) =>
      sourceFrom({ type: 'reddit', id: 'wsb', subreddit: 'wallstreetbets', baseUrl: server.url, limit: 5, maxPages });
    // A first run stores only the newest page; its cursor is then the newest post's time.
    const [first] = await runIngest([wsb(1)], d);
    expect(first).to.include({ status: 'ok', inserted: 5 });
    // Make the stored posts look older than everything listed, as after a long pause on a busy subreddit.
    d.store.db.prepare("UPDATE sources SET cursor = '1000' WHERE id = 'wsb'").run();
    const [gap] = await runIngest([wsb(2)], d);
    expect(gap.status).to.equal('partial');
    expect(gap.warnings[0]).to.match(/read 2 pages without reaching the posts stored last run/);
  });

  it('StockTwits reads a stream back page by page (max) to the messages stored last run, within maxPages', async () => {
    const d = testDeps();
    const st = (limit: number, maxPages = 10) =>
      sourceFrom({ type: 'stocktwits', id: 'st', symbols: ['AAPL'], baseUrl: `${server.url}/api/2`, limit, maxPages });
    const hits = () => server.hits.get('/api/2/streams/symbol/AAPL.json') ?? 0;
    const before = hits();
    const [first] = await runIngest([st(4)], d);
    // 15 messages (one id listed twice) at 4 a page: 4 requests, every message stored.
    const unique = new Set(json('social', 'stocktwits-AAPL.json').messages.map((m: { id: number }) => m.id)).size;
    expect(first).to.include({ status: 'ok', fetched: 15, inserted: unique });
    expect(hits() - before).to.equal(4);
    // The cursor is the newest id; rewound, the next run reads back to it and warns if its pages run out first.
    d.store.db.prepare(`UPDATE sources SET cursor = '{"AAPL":1}' WHERE id = 'st'`).run();
    const [gap] = await runIngest([st(4, 2)], d);
    expect(gap.status).to.equal('partial');
    expect(gap.warnings[0]).to.match(/^AAPL: read 2 pages without reaching the messages stored last run/);
    const [caughtUp] = await runIngest([st(4)], d);
    expect(caughtUp).to.include({ status: 'ok', fetched: 0 });
  });

  it('X follows next_token back to the tweets stored last run within maxPages, or warns', async () => {
    const d = testDeps();
    const search = (maxPages: number) =>
      sourceFrom({ type: 'twitter', id: 'x', query: '$AAPL', baseUrl: `${server.url}/2`, maxResults: 10, maxPages });
    const hits = () => server.hits.get('/2/tweets/search/recent') ?? 0;
    const before = hits();
    const [first] = await runIngest([search(10)], d);
    // 20 tweets at 10 a page: 2 requests, all stored.
    expect(first).to.include({ status: 'ok', fetched: 20 });
    expect(hits() - before).to.equal(2);
    d.store.db.prepare("UPDATE sources SET cursor = '1' WHERE id = 'x'").run();
    const [gap] = await runIngest([search(1)], d);
    expect(gap.status).to.equal('partial');
    expect(gap.warnings[0]).to.match(/read 1 page without reaching the tweets stored last run/);
  });

  it('X without a bearer token fails clearly and other sources go on', async () => {
    const d = { ...testDeps(), env: {} };
    const out = await runIngest(
      [
        sourceFrom({ type: 'twitter', id: 'x', query: 'q', baseUrl: `${server.url}/2` }),
        sourceFrom({ type: 'reddit', id: 'wsb', subreddit: 'wallstreetbets', baseUrl: server.url }),
      ],
      d,
    );
    expect(out[0].error).to.match(/no bearer token; set the environment variable FINSENT_TWITTER_BEARER/);
    expect(out[1]).to.include({ status: 'ok', inserted: 25 });
  });

  it('links posts to universe tickers from cashtags and company names', async () => {
    const d = testDeps();
    await runIngest(
      [sourceFrom({ type: 'stocktwits', id: 'st', symbols: ['AAPL'], baseUrl: `${server.url}/api/2` })],
      d,
    );
    const rows = d.store.db.prepare("SELECT ticker, method FROM document_tickers WHERE ticker = 'AAPL'").all();
    expect(rows.length).to.be.greaterThan(10);
  });
});
