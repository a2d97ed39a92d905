import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';

export interface FixtureServer {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.html': 'text/html',
  '.json': 'application/json',
  '.csv': 'text/csv',
};

/**
 * Serves the committed fixtures on 127.0.0.1 the way the real services answer, so every network path is
 * tested offline: /feeds/<file> (with ETag and 304s), /html/<file>, Reddit /r/<sub>/new.json,
 * StockTwits /api/2/streams/symbol/<S>.json, X /2/tweets/search/recent (bearer token required),
 * Stooq /q/d/l/?s=<sym>.us. Fault routes wrap any path: /fault/slow/<ms>/..., /fault/500/...,
 * /fault/429-once/..., /fault/flaky/<n>/... (n 500s, then the file), /fault/truncated/...
 */
export async function startFixtureServer(
  opts: { root?: string; port?: number; token?: string } = {},
): Promise<FixtureServer> {
  const root = opts.root ?? path.join(PROJECT_ROOT, 'fixtures');
  const hits = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();

  function fileFor(u: URL): { file: string; filter?: (body: Buffer) => Buffer } | null {
    const p = decodeURIComponent(u.pathname);
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^\/(feeds|html)\/([\w.-]+)$/))) return { file: path.join(root, m[1], m[2]) };
    if ((m = p.match(/^\/r\/(\w+)\/new\.json$/))) {
      // Paged as Reddit pages a listing: `limit` posts after the post named by `after`, and the next `after`.
      const after = u.searchParams.get('after');
      const limit = Number(u.searchParams.get('limit') ?? 25);
      return {
        file: path.join(root, 'social', `reddit-${m[1].toLowerCase()}-new.json`),
        filter: (b) => {
          const j = JSON.parse(b.toString());
          const all = j.data.children as { data: { name: string } }[];
          const start = after ? all.findIndex((c) => c.data.name === after) + 1 : 0;
          const page = start > 0 || !after ? all.slice(start, start + limit) : [];
          j.data.children = page;
          j.data.after = start + limit < all.length && page.length ? page[page.length - 1].data.name : null;
          return Buffer.from(JSON.stringify(j));
        },
      };
    }
    if ((m = p.match(/^\/api\/2\/streams\/symbol\/([\w.]+)\.json$/))) {
      // As the API answers: messages newer than `since` and no newer than `max`, newest first, `limit` of them,
      // with a cursor of the page's newest and oldest ids and whether older ones remain.
      const since = Number(u.searchParams.get('since') ?? 0);
      const max = Number(u.searchParams.get('max') ?? Number.MAX_SAFE_INTEGER);
      const limit = Number(u.searchParams.get('limit') ?? 30);
      return {
        file: path.join(root, 'social', `stocktwits-${m[1].toUpperCase()}.json`),
        filter: (b) => {
          const j = JSON.parse(b.toString());
          const all = (j.messages as { id: number }[]).filter((x) => x.id > since && x.id <= max);
          all.sort((a, b) => b.id - a.id);
          j.messages = all.slice(0, limit);
          const ids = j.messages.map((x: { id: number }) => x.id);
          j.cursor = { since: ids[0] ?? null, max: ids.at(-1) ?? null, more: all.length > limit };
          return Buffer.from(JSON.stringify(j));
        },
      };
    }
    if (p === '/2/tweets/search/recent') {
      // As the API answers: tweets newer than `since_id`, newest first, `max_results` a page, `next_token` onward.
      const since = BigInt(u.searchParams.get('since_id') ?? '0');
      const size = Number(u.searchParams.get('max_results') ?? 10);
      const offset = Number(u.searchParams.get('pagination_token')?.replace(/^o/, '') ?? 0);
      return {
        file: path.join(root, 'social', 'twitter-recent-search.json'),
        filter: (b) => {
          const j = JSON.parse(b.toString());
          const all = (j.data as { id: string }[]).filter((t) => BigInt(t.id) > since);
          j.data = all.slice(offset, offset + size);
          j.meta = { result_count: j.data.length, newest_id: all[0]?.id, oldest_id: j.data.at(-1)?.id };
          if (offset + size < all.length) j.meta.next_token = `o${offset + size}`;
          if (!j.data.length) delete j.data;
          return Buffer.from(JSON.stringify(j));
        },
      };
    }
    if (p === '/q/d/l/')
      return {
        file: path.join(
          root,
          'sample',
          'prices',
          `${(u.searchParams.get('s') ?? '').replace(/\.us$/, '').toUpperCase()}.csv`,
        ),
      };
    return null;
  }

  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    let p = u.pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const n = hits.get(p)!;
    let fault: string | null = null;
    let arg = 0;
    const f = p.match(/^\/fault\/(slow|500|429-once|flaky|truncated|budget)(?:\/(\d+))?(\/.*)$/);
    if (f) {
      fault = f[1];
      arg = Number(f[2] ?? 0);
      p = f[3];
    }
    if (fault === '500' || (fault === 'flaky' && n <= arg)) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
      return;
    }
    if (fault === '429-once' && n === 1) {
      res.writeHead(429, { 'retry-after': '1' });
      res.end('slow down');
      return;
    }
    if (fault === 'slow') await new Promise((r) => setTimeout(r, arg || 2000));
    if (p === '/2/tweets/search/recent' && req.headers.authorization !== `Bearer ${opts.token ?? 'test-token'}`) {
      res.writeHead(401);
      res.end('{"title":"Unauthorized"}');
      return;
    }
    if (p === '/feeds/local-articles.rss') {
      // A feed whose links point at this server's article pages, so the article stage runs offline.
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const expected = JSON.parse(readFileSync(path.join(root, 'html', 'expected.json'), 'utf8')) as Record<
        string,
        { title: string; published: string | null }
      >;
      const items = Object.entries(expected)
        .map(
          ([f, e], i) =>
            `<item><title>${e.title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title>` +
            `<link>${base}/html/${f}</link><guid>${f}</guid>` +
            `<pubDate>${new Date(e.published ?? Date.UTC(2019, 2, 18 + i)).toUTCString()}</pubDate></item>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>local articles</title>` +
          `<link>${base}</link><description>fixture pages</description>${items}</channel></rss>`,
      );
      return;
    }
    const target = fileFor(new URL(p + u.search, 'http://x'));
    if (!target || !existsSync(target.file)) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    let body: Buffer = readFileSync(target.file);
    if (target.filter) body = target.filter(body);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const headers = {
      'content-type': TYPES[path.extname(target.file)] ?? 'application/octet-stream',
      etag,
      'last-modified': 'Mon, 20 Mar 2017 21:25:18 GMT',
      'content-length': String(body.length),
    };
    if (fault === 'truncated') {
      res.writeHead(200, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      res.socket?.destroy();
      return;
    }
    // /fault/budget/<n>/...: a rate-limit budget of n requests, reported in X-RateLimit-* headers.
    const budget =
      fault === 'budget'
        ? {
            'x-ratelimit-limit': String(arg),
            'x-ratelimit-remaining': String(Math.max(arg - n, 0)),
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30),
          }
        : {};
    res.writeHead(200, { ...headers, ...budget });
    res.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
