import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { upsertDocuments } from '../../db/documents.js';
import { binaryKind } from '../../ingest/binary-body.js';
import { fetchArticles } from '../../ingest/fetch-articles.js';
import { testDeps } from '../support/fixtures.js';

describe('ingest/binary-body: a body that is no text is no page', () => {
  it('names a PDF and bytes holding a NUL, and passes text, UTF-16 with its byte-order mark included', () => {
    expect(binaryKind(Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj', 'latin1'))).to.equal('a PDF');
    expect(binaryKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).to.equal(
      'binary data',
    );
    expect(binaryKind(Buffer.from('<html><body><p>Acme beats estimates</p></body></html>'))).to.equal(null);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<html><p>Acme</p></html>', 'utf16le')]);
    expect(binaryKind(utf16)).to.equal(null);
    // A page a broken CMS wrote a stray NUL into is still a page.
    expect(binaryKind(Buffer.from('<!DOCTYPE html><html><body><p>Acme\u0000 beats</p></body></html>'))).to.equal(null);
  });

  it("fails a linked page that a server sends as text/html but is a PDF, keeping the feed's summary", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<< /Type /Catalog >>endobj\n', 'latin1'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const d = testDeps();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/filing`;
      const doc = { source: 'r', key: 'p1', kind: 'news' as const, url, title: 'Acme files', body: 'summary' };
      upsertDocuments(d.store.db, [{ ...doc, wantArticle: true }], 't');
      expect(await fetchArticles(d)).to.deep.equal({ done: 0, failed: 1, pending: 0 });
      const row = d.store.db.prepare("SELECT body, article_status s FROM documents WHERE key = 'p1'").get() as {
        body: string;
        s: string;
      };
      expect(row.body).to.equal('summary');
      expect(row.s).to.match(/^failed: .* is a PDF, not a web page/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
