import { expect } from 'chai';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../db/store.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { upsertDocuments, documentVersions, getDocument } from '../../db/documents.js';
import { CriticalError } from '../../core/errors.js';

const doc = (over = {}) => ({
  source: 's',
  key: 'k1',
  kind: 'news' as const,
  title: 'Fed raises rates',
  body: 'The Fed raised rates.',
  publishedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

describe('store', () => {
  it('opens in WAL mode with every migration recorded with its hash', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'finsent-'));
    const s = openStore(path.join(dir, 'x.db'));
    expect((s.db as Database.Database).pragma('journal_mode', { simple: true })).to.equal('wal');
    const rows = s.db.prepare('SELECT name, sha256 FROM schema_migrations').all() as { name: string; sha256: string }[];
    expect(rows.map((r) => r.name)).to.deep.equal(readMigrations().map((m) => m.name));
    expect(rows[0].sha256).to.match(/^[0-9a-f]{64}$/);
    s.close();
  });

  it('refuses to start when an applied migration file has changed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'finsent-mig-'));
    const migDir = path.join(dir, 'migrations');
    mkdirSync(migDir);
    for (const f of readdirSync(path.join(import.meta.dirname, '../../db/migrations')).filter((n) =>
      n.endsWith('.sql'),
    ))
      copyFileSync(path.join(import.meta.dirname, '../../db/migrations', f), path.join(migDir, f));
    const db = new Database(':memory:');
    migrate(db, readMigrations(migDir));
    writeFileSync(
      path.join(migDir, '001_init.sql'),
      `${readFileSync(path.join(migDir, '001_init.sql'), 'utf8')}\n-- edited\n`,
    );
    expect(() => migrate(db, readMigrations(migDir))).to.throw(
      CriticalError,
      /001_init.sql was changed after it was applied/,
    );
  });

  it('re-inserting the same document inserts nothing', () => {
    const s = openStore(':memory:');
    expect(upsertDocuments(s.db, [doc()], 't1')).to.include({ inserted: 1, alreadyPresent: 0 });
    expect(upsertDocuments(s.db, [doc()], 't2')).to.include({ inserted: 0, alreadyPresent: 1, updated: 0 });
    expect(s.db.prepare('SELECT count(*) n FROM documents').get()).to.deep.equal({ n: 1 });
  });

  it('an edited article updates in place and keeps the history of its content hashes', () => {
    const s = openStore(':memory:');
    const [id] = upsertDocuments(s.db, [doc()], 't1').ids;
    const r = upsertDocuments(s.db, [doc({ body: 'The Fed raised rates by 25bp.' })], 't2');
    expect(r).to.include({ inserted: 0, updated: 1 });
    expect(r.ids[0]).to.equal(id);
    expect(getDocument(s.db, id)!.body).to.equal('The Fed raised rates by 25bp.');
    expect(documentVersions(s.db, id)).to.have.length(2);
  });

  it('full-text search finds documents by words in title or body, and follows edits', () => {
    const s = openStore(':memory:');
    upsertDocuments(s.db, [doc(), doc({ key: 'k2', title: 'Oil slumps', body: 'Crude fell sharply.' })], 't');
    const q = (m: string) =>
      (s.db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?').all(m) as { rowid: number }[])
        .length;
    expect(q('crude')).to.equal(1);
    expect(q('raise')).to.equal(1); // porter stemming: "raises"/"raised"
    upsertDocuments(s.db, [doc({ key: 'k2', title: 'Oil rallies', body: 'Brent rose.' })], 't2');
    expect(q('crude')).to.equal(0);
    expect(q('brent')).to.equal(1);
  });

  it('keeps ticker links with the way they were made', () => {
    const s = openStore(':memory:');
    upsertDocuments(s.db, [doc({ tickers: [{ ticker: 'AAPL', method: 'cashtag' }] })], 't');
    expect(s.db.prepare('SELECT ticker, method FROM document_tickers').all()).to.deep.equal([
      { ticker: 'AAPL', method: 'cashtag' },
    ]);
  });
  it('an older database reads its links as fully relevant and forgets its universe hash, so they are relinked', () => {
    const db = new Database(':memory:');
    const all = readMigrations();
    const before = all.filter((m) => m.name < '008');
    migrate(db, before);
    db.prepare(
      "INSERT INTO documents (source, key, kind, fetched_at, content_hash) VALUES ('s', 'k', 'news', 't', 'h')",
    ).run();
    db.prepare("INSERT INTO document_tickers (document_id, ticker, method) VALUES (1, 'AAPL', 'name')").run();
    db.prepare("INSERT INTO meta (key, value) VALUES ('link_universe_sha256', 'abc')").run();
    migrate(db, all);
    expect(db.prepare('SELECT ticker, relevance FROM document_tickers').all()).to.deep.equal([
      { ticker: 'AAPL', relevance: 1 },
    ]);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'link_universe_sha256'").get()).to.equal(undefined);
    const weigh = db.prepare("UPDATE document_tickers SET relevance = ? WHERE ticker = 'AAPL'");
    for (const bad of [0, -0.5, 1.5]) expect(() => weigh.run(bad), String(bad)).to.throw(/CHECK constraint/);
  });
});
