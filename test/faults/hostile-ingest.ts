import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startFixtureServer } from '../../sample/fixture-server.js';
import { startHostileServer } from '../support/hostile-server.js';
import { hasStack, runCli } from './child.js';
import type { CaseResult } from './result.js';

const MiB = 2 ** 20;

/** Feed sources that must each fail alone with this error, while the good ones land. */
const BAD_FEEDS: [string, string, RegExp][] = [
  ['huge-feed', '/chunked/200', /larger than the 5\.0 MiB limit/],
  ['gzip-bomb', '/gzip-bomb', /larger than the 5\.0 MiB limit/],
  ['endless', '/endless', /larger than the 5\.0 MiB limit/],
  ['slow-headers', '/slow-headers/20000', /timed out/],
  ['redirect-loop', '/redirect-loop', /redirect loop/],
  ['to-private', '/redirect?to=http://10.255.255.1/feed', /internal address/],
  ['to-other-local-port', '/redirect?to=http://127.0.0.2:{fixturePort}/feeds/sec_testimony.rss', /internal address/],
  ['to-file', '/redirect?to=file:///etc/passwd', /only http and https/],
];

/**
 * One `finsent ingest` over a config mixing good feeds with hostile ones (oversized, endless and compressed
 * bodies, slow headers, redirect loops and redirects inward) and a feed whose article links are hostile pages.
 * Passes when the run ends by itself, every bad source and page fails alone with its own error, the good ones
 * land, nothing prints a stack trace, and peak memory stays far below the bodies offered.
 */
export async function hostileIngest(): Promise<CaseResult[]> {
  const hostile = await startHostileServer();
  const fixtures = await startFixtureServer();
  const fixturePort = new URL(fixtures.url).port;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-http-'));
  const db = path.join(dir, 'h.db');
  const feed = (id: string, p: string, extra: object = {}) => ({
    id,
    type: 'rss',
    url: `${hostile.url}${p.replace('{fixturePort}', fixturePort)}`,
    ...extra,
  });
  const config = {
    dbPath: db,
    http: {
      allowPrivateHosts: ['127.0.0.1'],
      timeoutMs: 3000,
      maxRetries: 1,
      baseDelayMs: 10,
      perHostIntervalMs: 0,
      perHostIntervalCap: 100,
      maxBytes: { page: 2 * MiB, feed: 5 * MiB, api: 2 * MiB },
    },
    sources: [
      { id: 'good', type: 'rss', url: `${fixtures.url}/feeds/sec_testimony.rss` },
      feed('utf16', '/utf16-feed'),
      feed('links', '/links-feed', { fetchArticles: true }),
      ...BAD_FEEDS.map(([id, p]) => feed(id, p)),
    ],
  };
  const file = path.join(dir, 'finsent.config.json');
  writeFileSync(file, JSON.stringify(config));
  const out: CaseResult[] = [];
  try {
    const r = await runCli(['--config', file, '--json', 'ingest'], { limitMs: 120_000 });
    const base = { suite: 'hostile http', peakMiB: r.peakMiB, seconds: r.seconds };
    const ended = r.signal === null && r.code === 2;
    out.push({ ...base, name: 'ingest ends by itself, exit 2 (some sources failed)', ok: ended, detail: `${r.code}` });
    out.push({ ...base, name: 'no stack trace', ok: !hasStack(r.stderr), detail: r.stderr.slice(0, 200) });
    out.push({ ...base, name: 'peak memory under 400 MiB', ok: (r.peakMiB ?? 1e9) < 400, detail: `${r.peakMiB}` });
    if (!ended) return out;
    const ro = new Database(db, { readonly: true });
    const count = (source: string) =>
      (ro.prepare('SELECT count(*) n FROM documents WHERE source = ?').get(source) as { n: number }).n;
    const errorOf = (id: string) =>
      (ro.prepare('SELECT last_error FROM sources WHERE id = ?').get(id) as { last_error: string | null })?.last_error;
    out.push({ suite: 'hostile http', name: 'good feed landed', ok: count('good') === 25, detail: `${count('good')}` });
    out.push({ suite: 'hostile http', name: 'UTF-16 feed decoded', ok: count('utf16') === 1, detail: '' });
    for (const [id, , expected] of BAD_FEEDS) {
      const err = errorOf(id) ?? '';
      out.push({ suite: 'hostile http', name: `${id} fails alone`, ok: expected.test(err), detail: err.slice(0, 120) });
    }
    const articles = ro.prepare("SELECT url, article_status s FROM documents WHERE source = 'links'").all() as {
      url: string;
      s: string;
    }[];
    for (const a of articles) {
      // A page of 50,000 <br> lines or 35,000 links is odd, not hostile: it must be read, in the run's time limit.
      const good = ['/article', '/lines/50000', '/links/35000'].includes(new URL(a.url).pathname);
      const ok = good ? a.s === 'done' : a.s.startsWith('failed');
      out.push({ suite: 'hostile http', name: `article ${new URL(a.url).pathname}`, ok, detail: a.s.slice(0, 120) });
    }
    ro.close();
  } finally {
    await hostile.close();
    await fixtures.close();
  }
  return out;
}
