import { expect } from 'chai';
import { fakeClock } from '../../core/clock.js';
import { NonRetryableError, RetryableError } from '../../core/errors.js';
import { HttpClient, type HttpOptions } from '../../core/http.js';
import { isInternalAddress, NetGuard } from '../../core/net-guard.js';
import { type HostileServer, startHostileServer } from '../support/hostile-server.js';
import { rejection } from '../support/rejection.js';

const MiB = 2 ** 20;

function client(o: HttpOptions = {}) {
  return new HttpClient({
    clock: fakeClock('2025-01-01T00:00:00Z'),
    perHostIntervalMs: 0,
    perHostIntervalCap: 100,
    baseDelayMs: 1,
    maxRetries: 2,
    timeoutMs: 5000,
    allowPrivateHosts: ['127.0.0.1'],
    maxBytes: { page: 2 * MiB, feed: 4 * MiB, api: 1 * MiB },
    ...o,
  });
}

const failure = (p: Promise<unknown>) => rejection(p, 'the request to fail');

describe('core/http limits against a hostile local server', () => {
  let server: HostileServer;
  before(async () => {
    server = await startHostileServer();
  });
  after(() => server.close());

  it('refuses a body whose declared length is over the limit, without retrying', async () => {
    const err = await failure(client().get(`${server.url}/big/300`, { kind: 'page' }));
    expect(err).to.be.instanceOf(NonRetryableError);
    expect(err.message).to.match(/larger than the 2\.0 MiB limit/);
  });

  it('stops reading a body without a length once it passes the limit', async () => {
    const err = await failure(client().get(`${server.url}/chunked/50`, { kind: 'feed' }));
    expect(err).to.be.instanceOf(NonRetryableError);
    expect(err.message).to.match(/4\.0 MiB limit/);
  });

  it('counts decompressed bytes, so a gzip bomb stops at the limit', async () => {
    const before = process.memoryUsage().rss;
    const err = await failure(client().get(`${server.url}/gzip-bomb`, { kind: 'feed' }));
    expect(err.message).to.match(/larger than the 4\.0 MiB limit/);
    expect(process.memoryUsage().rss - before).to.be.below(200 * MiB);
  });

  it('cuts an endless stream at the limit instead of waiting for its end', async () => {
    const err = await failure(client().get(`${server.url}/endless`, { kind: 'page' }));
    expect(err).to.be.instanceOf(NonRetryableError);
  });

  it('refuses an article page that is not HTML before reading it', async () => {
    const err = await failure(client().get(`${server.url}/binary`, { kind: 'page', contentTypes: ['text/html'] }));
    expect(err).to.be.instanceOf(NonRetryableError);
    expect(err.message).to.match(/content type application\/pdf/);
  });

  it('reports a redirect loop once, as not retryable', async () => {
    const err = await failure(client().get(`${server.url}/redirect-loop`));
    expect(err).to.be.instanceOf(NonRetryableError);
    expect(err.message).to.match(/redirect loop/);
  });

  it('follows a few redirects but not more than maxRedirects', async () => {
    expect((await client().get(`${server.url}/redirect-chain/3`)).url).to.equal(`${server.url}/ok`);
    const err = await failure(client({ maxRedirects: 3 }).get(`${server.url}/redirect-chain/5`));
    expect(err.message).to.match(/more than 3 redirects/);
  });

  it('refuses redirects to internal addresses and to non-http schemes', async () => {
    const port = new URL(server.url).port;
    for (const to of [`http://127.0.0.2:${port}/ok`, 'http://10.1.2.3/admin', 'http://[::1]/', 'file:///etc/passwd']) {
      const err = await failure(client().get(`${server.url}/redirect?to=${encodeURIComponent(to)}`));
      expect(err, to).to.be.instanceOf(NonRetryableError);
      expect(err.message, to).to.match(/internal address|only http and https/);
    }
  });

  it('refuses loopback targets unless the config allows them', async () => {
    const err = await failure(client({ allowPrivateHosts: [] }).get(`${server.url}/ok`));
    expect(err.message).to.match(/127\.0\.0\.1 is an internal address/);
    const res = await client({ allowPrivateHosts: ['*'] }).get(`${server.url}/ok`);
    expect(res.body.toString()).to.contain('fine');
  });

  it('times out slow headers as a retryable error', async () => {
    const err = await failure(client({ timeoutMs: 100, maxRetries: 0 }).get(`${server.url}/slow-headers/3000`));
    expect(err).to.be.instanceOf(RetryableError);
    expect(err.message).to.match(/timed out after 100 ms/);
  });
});

describe('core/net-guard', () => {
  it('classes loopback, private, link-local, CGNAT and mapped addresses as internal', () => {
    const internal = ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1'];
    for (const a of [...internal, '::ffff:127.0.0.1', 'fd00::1', 'fe80::1', '0.0.0.0'])
      expect(isInternalAddress(a), a).to.equal(true);
    for (const a of ['8.8.8.8', '151.101.1.69', '2001:4860:4860::8888'])
      expect(isInternalAddress(a), a).to.equal(false);
  });

  it('refuses a public-looking name that resolves to a private address', async () => {
    const guard = new NetGuard([], async () => ['93.184.216.34', '10.0.0.7']);
    const err = await failure(guard.check(new URL('https://news.example.com/a')));
    expect(err.message).to.match(/news\.example\.com is an internal address \(10\.0\.0\.7\)/);
    await new NetGuard([], async () => ['93.184.216.34']).check(new URL('https://news.example.com/a'));
  });
});
