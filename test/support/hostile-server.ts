import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';

export interface HostileServer {
  url: string;
  close(): Promise<void>;
}

const MiB = 2 ** 20;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/** Paths the /links-feed items point at: every page but /article, /lines/<n> and /links/<n> must fail, alone. */
export const HOSTILE_LINKS = [
  '/lines/50000',
  '/links/35000',
  '/big/300',
  '/binary',
  '/deep/100000',
  '/endless',
  '/redirect-loop',
  '/redirect?to=http://127.0.0.2:{port}/article',
  '/article',
];

/** A small RSS document, optionally encoded as UTF-16 with a byte-order mark. */
export function rssDocument(title: string): string {
  const item = `<item><title>${title}</title><link>http://example.com/a</link><guid>a1</guid></item>`;
  return `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>t</title>
<link>http://example.com/</link><description>d</description>${item}</channel></rss>`;
}

/** `n` short lines split by <br> in one div: the shape that made scoring a div once per line quadratic. */
export const linesHtml = (n: number) =>
  `<html><body><article><div>${Array.from({ length: n }, (_, i) => `Line ${i} ends here.<br>`).join('')}</div>
</article></body></html>`;

/**
 * A short story beside one paragraph of `n` links of four words each: the shape that made the teaser check measure
 * each link's run of text anew, quadratic in the number of links.
 */
// Long enough (over 120 words) that the main path trusts itself and no fallback reads the page a second time.
const storyParagraph = (i: number) =>
  `<p>Paragraph ${i} of the story, with commas, reads as prose about revenue, costs and the outlook for next year.</p>`;
const storyLink = (i: number) => `<a href="/${i}">go to it now</a> `;
export const linksHtml = (n: number) =>
  `<html><body><article>${Array.from({ length: 10 }, (_, i) => storyParagraph(i)).join('')}</article>
<div><p>${Array.from({ length: n }, (_, i) => storyLink(i)).join('')}</p></div></body></html>`;

/** `depth` nested divs around one paragraph: the shape that makes naive tree walks quadratic. */
export const deepHtml = (depth: number) =>
  `<html><body>${'<div>'.repeat(depth)}<p>deep text here</p>${'</div>'.repeat(depth)}</body></html>`;

/** Streams `bytes` bytes (or forever when null) of filler, stopping when the client goes away. */
function stream(res: http.ServerResponse, bytes: number | null, maxMs = 60_000): void {
  const started = Date.now();
  let sent = 0;
  const write = () => {
    while (bytes === null || sent < bytes) {
      if (res.destroyed || Date.now() - started > maxMs) return res.end();
      const chunk = bytes === null ? CHUNK : CHUNK.subarray(0, Math.min(CHUNK.length, bytes - sent));
      sent += chunk.length;
      if (!res.write(chunk)) return res.once('drain', write);
    }
    res.end();
  };
  write();
}

/**
 * A local server that misbehaves on purpose, for the HTTP client's limits and the fault suite. Loopback only;
 * every endless response stops after 60 s or when the client disconnects.
 * Routes: /big/<MiB> (declared length), /chunked/<MiB> (no length), /endless, /gzip-bomb, /slow-headers/<ms>,
 * /redirect-loop, /redirect-chain/<n>, /redirect?to=<url>, /binary, /utf16-feed, /deep/<depth>, /lines/<n>, /links/<n>,
 * /links-feed
 * (an RSS feed linking to the hostile pages and one good /article), /ok.
 */
export async function startHostileServer(): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const p = u.pathname;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^\/big\/(\d+)$/))) {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(Number(m[1]) * MiB) });
      return stream(res, Number(m[1]) * MiB);
    }
    if ((m = p.match(/^\/chunked\/(\d+)$/))) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return stream(res, Number(m[1]) * MiB);
    }
    if (p === '/endless') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return stream(res, null);
    }
    if (p === '/gzip-bomb') {
      // Zeros compress about 1000:1, so a few hundred KiB on the wire expand to hundreds of MiB.
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      const gzip = zlib.createGzip();
      gzip.pipe(res);
      let left = 1024;
      const zeros = Buffer.alloc(MiB);
      const pump = () => {
        while (left-- > 0 && !res.destroyed) if (!gzip.write(zeros)) return gzip.once('drain', pump);
        gzip.end();
      };
      return pump();
    }
    if ((m = p.match(/^\/slow-headers\/(\d+)$/))) {
      const t = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<p>late</p>');
      }, Number(m[1]));
      res.on('close', () => clearTimeout(t));
      return;
    }
    if (p === '/redirect-loop') {
      res.writeHead(302, { location: '/redirect-loop' });
      return res.end();
    }
    if ((m = p.match(/^\/redirect-chain\/(\d+)$/))) {
      const n = Number(m[1]);
      res.writeHead(302, { location: n > 0 ? `/redirect-chain/${n - 1}` : '/ok' });
      return res.end();
    }
    if (p === '/redirect') {
      res.writeHead(302, { location: u.searchParams.get('to') ?? '/ok' });
      return res.end();
    }
    if (p === '/binary') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return stream(res, MiB);
    }
    if (p === '/utf16-feed') {
      const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rssDocument('UTF-16 headline'), 'utf16le')]);
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(body);
    }
    if ((m = p.match(/^\/lines\/(\d+)$/))) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(linesHtml(Number(m[1])));
    }
    if ((m = p.match(/^\/links\/(\d+)$/))) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(linksHtml(Number(m[1])));
    }
    if ((m = p.match(/^\/deep\/(\d+)$/))) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(deepHtml(Number(m[1])));
    }
    if (p === '/links-feed') {
      // Article links to every hostile page, one good article among them.
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const links = HOSTILE_LINKS.map((l) => l.replace('{port}', String((server.address() as AddressInfo).port)));
      const items = links
        .map(
          (l, i) =>
            `<item><title>Item ${i}</title><link>${base}${l.replace(/&/g, '&amp;')}</link><guid>i${i}</guid></item>`,
        )
        .join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>l</title><link>${base}</link>
<description>d</description>${items}</channel></rss>`);
    }
    if (p === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const para = '<p>Shares of Example Corp rose 4% after the company raised its full-year revenue guidance.</p>';
      return res.end(`<html><head><title>Example Corp raises guidance</title></head><body><article>
<h1>Example Corp raises guidance</h1>${para.repeat(4)}</article></body></html>`);
    }
    if (p === '/ok') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body><p>fine</p></body></html>');
    }
    res.writeHead(404);
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
