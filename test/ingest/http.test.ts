import { sourceFrom } from '../support/sources.js';
import { expect } from 'chai';
import { NonRetryableError, RetryableError, retryPolicy, ThrottledError } from '../../core/errors.js';
import { HttpClient, throttleDelayMs } from '../../core/http.js';
import { fakeClock } from '../../core/clock.js';

import { runIngest } from '../../ingest/run-ingest.js';
import { startFixtureServer, type FixtureServer } from '../../sample/fixture-server.js';
import { testDeps } from '../support/fixtures.js';

describe('core/http against a local fixture server', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());
  const feed = 'feeds/sec_testimony.rss';

  it('retries a 500 with backoff and succeeds when the server recovers', async () => {
    const { http } = testDeps();
    const res = await http.get(`${server.url}/fault/flaky/2/${feed}`);
    expect(res.status).to.equal(200);
    expect(server.hits.get(`/fault/flaky/2/${feed}`)).to.equal(3);
  });

  it('gives up on a persistent 500 after maxRetries with a retryable error', async () => {
    const { http } = testDeps({ maxRetries: 2 });
    const before = server.hits.get(`/fault/500/${feed}`) ?? 0;
    try {
      await http.get(`${server.url}/fault/500/${feed}`);
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(RetryableError);
      expect((e as Error).message).to.match(/returned 500/);
    }
    expect((server.hits.get(`/fault/500/${feed}`) ?? 0) - before).to.equal(3);
  });

  it('never retries a 4xx', async () => {
    const { http } = testDeps();
    try {
      await http.get(`${server.url}/feeds/missing.xml`);
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(NonRetryableError);
    }
    expect(server.hits.get('/feeds/missing.xml')).to.equal(1);
  });

  it('waits out a 429 for Retry-After and re-queues without spending a retry', async () => {
    const d = testDeps({ maxRetries: 0 });
    const t0 = d.clock.now().getTime();
    const res = await d.http.get(`${server.url}/fault/429-once/${feed}`);
    expect(res.status).to.equal(200);
    expect(d.clock.now().getTime() - t0).to.equal(1000); // the fake clock advanced by exactly Retry-After
  });

  it('times out a slow response, retries it, and reports the timeout', async () => {
    const { http } = testDeps({ timeoutMs: 100, maxRetries: 1 });
    try {
      await http.get(`${server.url}/fault/slow/600/${feed}`);
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(RetryableError);
      expect((e as Error).message).to.match(/timed out after 100 ms/);
    }
    expect(server.hits.get(`/fault/slow/600/${feed}`)).to.equal(2);
  });

  it('a truncated body is an error for that feed only; nothing partial is stored', async () => {
    const d = testDeps({ maxRetries: 1 });
    const out = await runIngest(
      [
        sourceFrom({
          type: 'rss',
          id: 'cut',
          url: `${server.url}/fault/truncated/feeds/sec_edgar_usgaap.rss`,
          kind: 'filing',
        }),
        sourceFrom({ type: 'rss', id: 'ok', url: `${server.url}/${feed}`, kind: 'news' }),
      ],
      d,
    );
    expect(out[0].status).to.equal('error');
    expect(out[1]).to.include({ status: 'ok', inserted: 25 });
    expect(d.store.db.prepare("SELECT count(*) n FROM documents WHERE source = 'cut'").get()).to.deep.equal({ n: 0 });
  });

  it('a 429 pauses the whole host: a request queued behind it waits too', async () => {
    const clock = fakeClock('2025-01-01T00:00:00Z');
    const calls: [string, number][] = [];
    let first = true;
    const fetch = (async (u: string) => {
      calls.push([new URL(u).pathname, clock.now().getTime()]);
      if (first) {
        first = false;
        return new Response('slow down', { status: 429, headers: { 'retry-after': '5' } });
      }
      return new Response('ok');
    }) as unknown as typeof globalThis.fetch;
    const http = new HttpClient({
      fetch,
      clock,
      perHostConcurrency: 1,
      perHostIntervalMs: 0,
      perHostIntervalCap: 100,
      maxRetries: 0,
    });
    const t0 = clock.now().getTime();
    await Promise.all([http.get('http://h.test/a'), http.get('http://h.test/b')]);
    expect(calls[0]).to.deep.equal(['/a', t0]);
    expect(
      calls
        .slice(1)
        .map(([p, t]) => [p, t - t0])
        .sort(),
    ).to.deep.equal([
      ['/a', 5000],
      ['/b', 5000],
    ]);
  });

  it('stops calling a host whose rate-limit budget is spent until its reset time', async () => {
    const d = testDeps({ start: new Date() }); // the server's reset header is in real time
    const url = `${server.url}/fault/budget/2/${feed}`;
    await d.http.get(url);
    const t0 = d.clock.now().getTime();
    await d.http.get(url); // remaining 0 after this one
    expect(d.clock.now().getTime()).to.equal(t0);
    await d.http.get(url); // must wait for x-ratelimit-reset first
    expect(d.clock.now().getTime() - t0).to.be.greaterThan(25_000);
  });

  it('reads Retry-After as seconds or a date, and x-ratelimit-reset as epoch seconds', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(throttleDelayMs(new Headers({ 'retry-after': '7' }), now)).to.equal(7000);
    expect(throttleDelayMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now)).to.equal(30000);
    expect(throttleDelayMs(new Headers({ 'x-rate-limit-reset': String(now.getTime() / 1000 + 12) }), now)).to.equal(
      12000,
    );
  });

  it('the retry policy: retryable backs off and stops, throttled waits, others fail', () => {
    const o = { maxRetries: 2, baseDelayMs: 100, random: () => 1 };
    expect(retryPolicy(new RetryableError('x'), 0, o)).to.deep.equal({ action: 'retry', delayMs: 100 });
    expect(retryPolicy(new RetryableError('x'), 1, o)).to.deep.equal({ action: 'retry', delayMs: 200 });
    expect(retryPolicy(new RetryableError('x'), 2, o)).to.deep.equal({ action: 'fail' });
    expect(retryPolicy(new ThrottledError('x', 5000), 9, o)).to.deep.equal({ action: 'wait', delayMs: 5000 });
    expect(retryPolicy(new NonRetryableError('x'), 0, o)).to.deep.equal({ action: 'fail' });
  });

  it('keeps at most maxConcurrency requests in flight over all hosts, each host within its own limit', async () => {
    let inFlight = 0;
    let most = 0;
    const fetch = (async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inFlight--;
      return new Response('ok');
    }) as unknown as typeof globalThis.fetch;
    const urls = Array.from({ length: 40 }, (_, i) => `http://h${i % 20}.test/${i}`);
    const run = async (maxConcurrency?: number) => {
      most = 0;
      // No DNS lookups ('*'): only the bound decides how many fetches overlap.
      const http = new HttpClient({
        fetch,
        maxConcurrency,
        perHostIntervalMs: 0,
        perHostIntervalCap: 100,
        allowPrivateHosts: ['*'],
      });
      const res = await Promise.all(urls.map((u) => http.get(u)));
      expect(res.every((r) => r.status === 200)).to.equal(true);
      return most;
    };
    expect(await run(3)).to.equal(3);
    // Twenty hosts at two each would have forty in flight; the default bound holds them to sixteen.
    expect(await run()).to.equal(16);
  });

  it('bad client options fail at construction naming the value', () => {
    expect(() => new HttpClient({ perHostConcurrency: 0 })).to.throw(
      TypeError,
      /Expected `perHostConcurrency` to be an integer from 1 and up, got `0`/,
    );
  });
});
