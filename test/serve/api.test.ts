import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../db/store.js';
import { upsertDocuments } from '../../db/documents.js';
import { bindsLoopbackOnly, buildApi, serve } from '../../serve/api.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/paths.js';
import { generateOpenApi } from '../../serve/openapi.js';

function seeded(): Store {
  const s = openStore(':memory:');
  s.db.prepare("INSERT INTO tickers (symbol, name) VALUES ('AAPL', 'Apple Inc.'), ('MSFT', 'Microsoft')").run();
  const [a, b] = upsertDocuments(
    s.db,
    [
      {
        source: 'x',
        key: '1',
        kind: 'news',
        title: 'Apple beats estimates',
        body: 'Record iPhone sales.',
        publishedAt: '2015-09-01T12:00:00.000Z',
        tickers: [{ ticker: 'AAPL', method: 'name' }],
      },
      {
        source: 'x',
        key: '2',
        kind: 'social',
        body: '$MSFT guidance cut',
        publishedAt: '2015-09-02T12:00:00.000Z',
        tickers: [{ ticker: 'MSFT', method: 'cashtag' }],
      },
    ],
    't',
  ).ids;
  const sc = s.db.prepare(
    `INSERT INTO sentiment_scores (document_id, model_id, p_positive, p_negative, p_neutral, label, score,
      scored_at) VALUES (?, 'm', ?, ?, ?, ?, ?, 't')`,
  );
  sc.run(a, 0.9, 0.05, 0.05, 'positive', 0.85);
  sc.run(b, 0.1, 0.8, 0.1, 'negative', -0.7);
  s.db
    .prepare(
      "INSERT INTO daily_sentiment (ticker, day, model_id, n, mean_score) VALUES ('AAPL', '2015-09-02', 'm', 1, 0.85)",
    )
    .run();
  s.db
    .prepare(
      `INSERT INTO signals (ticker, day, model_id, p_up, direction, confidence, created_at) VALUES ('AAPL',
        '2015-09-03', 'f', 0.61, 'up', 0.22, 't'), ('MSFT', '2015-09-03', 'f', 0.4, 'down', 0.2, 't'), ('AAPL',
        '2015-09-02', 'f', 0.5, 'up', 0, 't')`,
    )
    .run();
  return s;
}

describe('serve/api', () => {
  let app: FastifyInstance;
  before(() => {
    app = buildApi(seeded());
  });
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('serves the latest signals as JSON and as CSV on request', async () => {
    const r = await get('/signals/latest');
    expect(r.statusCode).to.equal(200);
    expect(r.json().date).to.equal('2015-09-03');
    expect(r.json().data.map((s: { ticker: string }) => s.ticker)).to.deep.equal(['AAPL', 'MSFT']);
    const csv = await get('/signals/latest', { accept: 'text/csv' });
    expect(csv.headers['content-type']).to.match(/text\/csv/);
    expect(csv.body.split('\n')[0]).to.equal('day,ticker,model_id,p_up,direction,confidence,created_at');
  });

  it('filters documents by ticker, label and full-text search, paginated', async () => {
    expect((await get('/documents?ticker=aapl')).json().data.map((d: { id: number }) => d.id)).to.have.length(1);
    expect((await get('/documents?label=negative')).json().data[0].body).to.equal('$MSFT guidance cut');
    expect((await get('/documents?q=iphone')).json().data[0].title).to.equal('Apple beats estimates');
    expect((await get('/documents?pageSize=1&page=2')).json().data).to.have.length(1);
  });

  it('answers a bad date or range, an unknown ticker, an empty filter, a huge page, a broken search: 400', async () => {
    for (const [url, msg] of [
      ['/sentiment/daily?ticker=AAPL&from=2015-02-01&to=2015-01-01', /from 2015-02-01 is after to 2015-01-01/],
      ['/documents?from=2015-02-01&to=2015-01-01', /from 2015-02-01 is after to/],
      ['/documents?from=2015-13-01', /from must match format "date"/],
      ['/sentiment/daily?ticker=ZZZZ', /unknown ticker: ZZZZ/],
      ['/documents?pageSize=501', /pageSize must be <= 500/],
      ['/documents?pageSize=Infinity', /pageSize must be integer/],
      ['/documents?page=1e300', /page must be <= 1000000/],
      ['/documents?page=184467440737095516', /page must be <= 1000000/],
      ['/documents?page=-1', /page must be >= 1/],
      ['/documents?q=%22open', /bad full-text query/],
      ['/documents?q=*', /bad full-text query/], // FTS5's special '*' queries were a 500
      ['/signals', /must have required property 'date'/],
      ['/documents?ticker=AAPL%27%3B--', /ticker must match pattern/],
      ['/documents?minRelevance=0.5', /minRelevance needs ticker/],
      ['/documents?ticker=AAPL&minRelevance=2', /minRelevance must be <= 1/],
      // An empty filter is refused, not read as no filter (which answered for every source or model).
      ['/documents?source=', /source must NOT have fewer than 1 characters/],
      ['/signals/latest?model=', /model must NOT have fewer than 1 characters/],
      ['/documents?ticker=', /ticker must match pattern/],
    ] as const) {
      const r = await get(url);
      expect(r.statusCode, url).to.equal(400);
      expect(r.json().error, url).to.match(msg);
    }
  });

  it('names an unknown query parameter and the parameters the route takes', async () => {
    const r = await get('/documents?limit=5');
    expect(r.statusCode).to.equal(400);
    expect(r.json().error).to.equal(
      'bad request: unknown query parameter "limit"; this route takes ticker, minRelevance, from, to, q, label, ' +
        'source, model, sort, page, pageSize, format',
    );
    expect((await get('/signals/latest?day=2015-10-01')).json().error).to.match(/"day"; this route takes model, /);
  });

  it('answers an unknown path with a 404 in the same {error} shape as every other failure', async () => {
    const r = await get('/nope?x=1');
    expect(r.statusCode).to.equal(404);
    expect(r.json()).to.deep.equal({ error: 'no route GET /nope?x=1' });
  });

  it('serves its OpenAPI description, the same document the repo keeps', async () => {
    const r = await get('/openapi.json');
    const committed = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'serve', 'openapi.json'), 'utf8'));
    expect(r.json()).to.deep.equal(committed, 'serve/openapi.json is stale: run npm run openapi');
    expect(await generateOpenApi()).to.deep.equal(committed);
    expect(Object.keys(r.json().paths)).to.include.members([
      '/documents',
      '/sentiment/daily',
      '/signals',
      '/signals/latest',
      '/runs',
      '/health',
    ]);
  });

  it('requires the bearer token when one is set, except on /health', async () => {
    const secured = buildApi(seeded(), { token: 's3cret' });
    expect((await secured.inject({ url: '/signals/latest' })).statusCode).to.equal(401);
    expect(
      (await secured.inject({ url: '/signals/latest', headers: { authorization: 'Bearer wrong!' } })).statusCode,
    ).to.equal(401);
    expect(
      (await secured.inject({ url: '/signals/latest', headers: { authorization: 'Bearer s3cret' } })).statusCode,
    ).to.equal(200);
    expect((await secured.inject({ url: '/health' })).statusCode).to.equal(200);
  });

  it('says a port is in use, and which, when a second server is started on it', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'api-')), 'a.db');
    openStore(file).close();
    const first = await serve(file, { port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      const err = await serve(file, { port }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).to.equal(`port ${port} on 127.0.0.1 is in use (another finsent serve?); pass --port`);
    } finally {
      await first.app.close();
    }
  });

  it('refuses to bind off loopback without a token, deciding on the resolved address', async () => {
    for (const host of ['0.0.0.0', '', '::', '[::]', '192.168.1.20']) {
      const err = await serve('unused.db', { host, port: 0 }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message, `host ${JSON.stringify(host)}`).to.match(/without a bearer token/);
    }
    expect(await bindsLoopbackOnly('localhost')).to.equal(true);
    expect(await bindsLoopbackOnly('127.0.0.9')).to.equal(true);
    expect(await bindsLoopbackOnly('intranet', async () => ['127.0.0.1', '10.0.0.5'])).to.equal(false);
  });

  it('refuses a blank, short or unsendable bearer token before opening the database', async () => {
    for (const token of [' ', 's3cret', 'correct horse battery staple', 'x'.repeat(15)]) {
      const err = await serve('unused.db', { token, port: 0 }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message, JSON.stringify(token)).to.match(/must be 16 or more letters, digits/);
    }
  });
});
