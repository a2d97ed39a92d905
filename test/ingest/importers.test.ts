import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../core/config.js';
import { type DB, openStore } from '../../db/store.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { NonRetryableError } from '../../core/errors.js';
import { importDocuments, parseTime } from '../../ingest/importers/documents.js';
import { importPriceCsv } from '../../ingest/importers/prices.js';
import { fixture, testDeps } from '../support/fixtures.js';

const SAMPLE = fixture('sample', 'stocknet');
const count = (db: DB, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('ingest/importers', () => {
  it('imports StockNet tweets once, linked to their folder ticker with the file date kept', () => {
    const s = openStore(':memory:');
    const r = importStocknet(s, SAMPLE);
    expect(r.tickers).to.equal(88);
    expect(r.inserted).to.be.greaterThan(4000);
    expect(r.prices).to.be.greaterThan(1500);
    const again = importStocknet(s, SAMPLE);
    expect(again.inserted).to.equal(0);
    expect(count(s.db, 'SELECT count(*) n FROM documents')).to.equal(r.inserted);
    const link = s.db
      .prepare(
        "SELECT ticker, method, source_day FROM document_tickers WHERE ticker = 'XOM' ORDER BY source_day LIMIT 1",
      )
      .get();
    expect(link).to.deep.equal({ ticker: 'XOM', method: 'source', source_day: '2015-01-02' });
  });

  it('skips and counts StockNet lines that are JSON but no tweet, instead of stopping the import', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sn-'));
    mkdirSync(path.join(dir, 'tweet', 'preprocessed', 'AAPL'), { recursive: true });
    const tweet = {
      text: ['$aapl', 'beats', 'estimates'],
      created_at: 'Fri Jan 02 15:00:00 +0000 2015',
      user_id_str: '1',
    };
    const lines = [JSON.stringify(tweet), 'null', '{}', '{"text":"not a list"}', '[1, 2]'];
    writeFileSync(path.join(dir, 'tweet', 'preprocessed', 'AAPL', '2015-01-02'), `${lines.join('\n')}\n`);
    const s = openStore(':memory:');
    expect(importStocknet(s, dir)).to.include({ inserted: 1, skippedLines: 4 });
  });

  it('keeps the true tweet instant even when the StockNet file date differs from its UTC date', () => {
    const s = openStore(':memory:');
    importStocknet(s, SAMPLE);
    const shifted = count(
      s.db,
      `SELECT count(*) n FROM documents d JOIN document_tickers t ON t.document_id = d.id WHERE
        substr(d.published_at, 1, 10) < t.source_day`,
    );
    expect(shifted).to.be.greaterThan(0);
  });

  it('imports the WSB-style CSV with multi-line bodies, guessing columns, idempotently', async () => {
    const d = testDeps();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imp-'));
    const f = path.join(dir, 'wsb.csv');
    writeFileSync(
      f,
      [
        'title,score,id,url,comms_num,created,body,timestamp',
        '"Apple beats, $MSFT next",5,abc1,https://r/x,2,1642792067.0,"line one\nline two",2022-01-21 11:07:47',
        'no body,1,abc2,https://r/y,0,1642792000.0,,2022-01-21 11:06:40',
        ',1,abc3,,0,1642792000.0,,',
        '',
      ].join('\n'),
    );
    const r = await importDocuments(d.store, f, { source: 'wsb', linker: d.linker });
    expect(r).to.deep.equal({ rows: 3, inserted: 2, alreadyPresent: 0, updated: 0, skipped: 1, undated: 0 });
    const row = d.store.db.prepare("SELECT body, published_at FROM documents WHERE key = 'abc1'").get();
    expect(row).to.deep.equal({ body: 'line one\nline two', published_at: '2022-01-21T19:07:47.000Z' });
    expect(d.store.db.prepare('SELECT ticker FROM document_tickers ORDER BY ticker').all()).to.deep.equal([
      { ticker: 'AAPL' },
      { ticker: 'MSFT' },
    ]);
    expect((await importDocuments(d.store, f, { source: 'wsb' })).inserted).to.equal(0);
  });

  it('imports the rows before a malformed CSV line, then names the file and says a rerun resumes', async () => {
    const d = testDeps();
    const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'imp-')), 'broken.csv');
    const good = Array.from({ length: 3 }, (_, i) => `k${i},Shares rose ${i},2015-01-0${i + 2}T10:00:00Z`);
    writeFileSync(f, ['id,text,created_at', ...good, 'k9,"an open quote,2015-01-09', ''].join('\n'));
    let error: Error | undefined;
    await importDocuments(d.store, f, { source: 'csv', batch: 2 }).catch((e: Error) => {
      error = e;
    });
    expect(error).to.be.instanceOf(NonRetryableError);
    expect(error?.message).to.match(/broken\.csv: not valid CSV \(Quote Not Closed.*Read before it: 3 rows, stored/);
    expect(d.store.db.prepare("SELECT count(*) n FROM documents WHERE source = 'csv'").get()).to.deep.equal({ n: 3 });
  });

  it('refuses a JSONL line that is not an object, by line number, and counts rows without a time', async () => {
    const d = testDeps();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imp-'));
    const f = path.join(dir, 'posts.jsonl');
    const rows = [
      { id: 'a', text: 'Up', created_at: 'yesterday-ish' },
      { id: 'b', text: 'Down', created_at: 1420200000 },
    ];
    writeFileSync(f, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect(await importDocuments(d.store, f, { source: 'j' })).to.include({ inserted: 2, undated: 1 });
    writeFileSync(f, `${JSON.stringify(rows[0])}\n[1, 2]\n`);
    let error: Error | undefined;
    await importDocuments(d.store, f, { source: 'j2' }).catch((e: Error) => {
      error = e;
    });
    expect(error?.message).to.match(/posts\.jsonl:2: not a JSON object\. Read before it: 1 rows, stored/);
  });

  it("reads a CSV separated by ';', tabs or '|' as its header shows, and JSONL after a BOM", async () => {
    const d = testDeps();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imp-'));
    const rows = [
      ['id', 'text', 'created_at'],
      ['k1', 'Revenue rose, margins held', '2015-01-02T10:00:00Z'],
    ];
    for (const [name, sep] of [
      ['semi.csv', ';'],
      ['tabs.csv', '\t'],
      ['pipes.csv', '|'],
    ]) {
      const f = path.join(dir, name);
      writeFileSync(f, `${rows.map((r) => r.join(sep)).join('\r\n')}\r\n`);
      expect(await importDocuments(d.store, f, { source: name }), name).to.include({ rows: 1, inserted: 1 });
    }
    const bodies = d.store.db.prepare("SELECT DISTINCT body FROM documents WHERE source LIKE '%.csv'").all();
    expect(bodies).to.deep.equal([{ body: 'Revenue rose, margins held' }]);
    const bom = path.join(dir, 'bom.jsonl');
    writeFileSync(bom, `\uFEFF${JSON.stringify({ id: 'a', text: 'Up' })}\r\n`);
    expect(await importDocuments(d.store, bom, { source: 'bom' })).to.include({ rows: 1, inserted: 1 });
  });

  it('refuses, storing nothing, a file whose rows have no readable text or key, naming its columns', async () => {
    const d = testDeps();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imp-'));
    const csv = path.join(dir, 'other.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const failure = (file: string, options: Parameters<typeof importDocuments>[2]) =>
      importDocuments(d.store, file, options).then(
        () => null,
        (e: Error) => e,
      );
    expect((await failure(csv, { source: 'x' }))?.message).to.match(
      /other\.csv: no text column .*; no key column .*Columns found: "a", "b"/,
    );
    const named = await failure(csv, { source: 'x', columns: { text: 'body', key: 'a' } });
    expect(named?.message).to.match(/no column "body" \(given as the text column\)\. Columns found/);
    const jsonl = path.join(dir, 'other.jsonl');
    writeFileSync(jsonl, '{"a":1}\n{"a":2}\n');
    expect((await failure(jsonl, { source: 'x' }))?.message).to.match(/none of its 2 rows has text and a key/);
    expect(count(d.store.db, 'SELECT count(*) n FROM documents')).to.equal(0);
  });

  it('imports daily prices keeping the adjusted close, skipping and counting null rows and impossible dates', () => {
    const s = openStore(':memory:');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'px-'));
    const f = path.join(dir, 'PTR.csv');
    writeFileSync(
      f,
      'Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-02,1,2,0.5,1.5,1.4,100\n' +
        '2015-01-05,null,null,null,null,null,null\n2015-13-05,1,2,0.5,1.5,1.4,100\n01/06/2015,1,2,0.5,1.5,1.4,100\n',
    );
    expect(importPriceCsv(s, f)).to.deep.equal({ ticker: 'PTR', rows: 1, skipped: 3 });
    expect(s.db.prepare('SELECT day, adj_close, close FROM prices').all()).to.deep.equal([
      { day: '2015-01-02', adj_close: 1.4, close: 1.5 },
    ]);
  });

  it('skips and counts price rows holding text, a price of zero or below, infinity or a negative volume', () => {
    const s = openStore(':memory:');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'px-'));
    const f = path.join(dir, 'PTR.csv');
    const bad = ['abc,2,0.5,1.5,100', '-1,2,0.5,1.5,100', '1,2,0,1.5,100', '1,2,0.5,Infinity,100', '1,2,0.5,1.5,-5'];
    const rows = ['1,2,0.5,1.5,0', ...bad].map((r, i) => `2015-01-${String(i + 2).padStart(2, '0')},${r}`);
    writeFileSync(f, `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`);
    expect(importPriceCsv(s, f)).to.deep.equal({ ticker: 'PTR', rows: 1, skipped: bad.length });
    // A session without trades keeps its zero volume.
    expect(s.db.prepare('SELECT day, open, close, volume FROM prices').all()).to.deep.equal([
      { day: '2015-01-02', open: 1, close: 1.5, volume: 0 },
    ]);
  });

  it('refuses a price file that is not CSV or has no Date and Close columns, instead of importing nothing', () => {
    const s = openStore(':memory:');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'px-'));
    const broken = path.join(dir, 'AAA.csv');
    writeFileSync(broken, 'Date,Open,Close\n2015-01-02,"1,1.5\n');
    expect(() => importPriceCsv(s, broken)).to.throw(NonRetryableError, /prices for AAA: not valid CSV \(Quote Not/);
    const other = path.join(dir, 'BBB.csv');
    writeFileSync(other, 'timestamp,price\n2015-01-02,1.5\n');
    expect(() => importPriceCsv(s, other)).to.throw(/prices for BBB: no Date and Close columns \(found: timestamp/);
  });

  it('import prices goes on past a bad file, reports it and exits 2', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'px-'));
    writeFileSync(path.join(dir, 'AAA.csv'), 'Date,Open,Close\n2015-01-02,"1,1.5\n');
    writeFileSync(path.join(dir, 'BBB.csv'), 'Date,Open,Close\n2015-01-02,1,1.5\n');
    const bin = path.join(PROJECT_ROOT, 'bin/finsent.js');
    const args = [bin, '--db', path.join(dir, 'px.db'), '--json', 'import', 'prices', 'AAA.csv', 'BBB.csv'];
    const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    expect(r.status).to.equal(2);
    const [bad, good] = JSON.parse(r.stdout);
    expect(bad)
      .to.include({ file: 'AAA.csv' })
      .and.to.have.property('error')
      .that.matches(/not valid CSV/);
    expect(good).to.deep.equal({ file: 'BBB.csv', ticker: 'BBB', rows: 1, skipped: 0 });
  });

  it('reads epoch seconds, epoch milliseconds and date strings as UTC instants', () => {
    expect(parseTime('1642792067.0')).to.equal('2022-01-21T19:07:47.000Z');
    expect(parseTime(1642792067000)).to.equal('2022-01-21T19:07:47.000Z');
    expect(parseTime('Wed Jan 01 03:59:03 +0000 2014')).to.equal('2014-01-01T03:59:03.000Z');
  });

  it('reads a date that names a day no calendar has as no date, not as a day of the next month', () => {
    // Date moves each of these into March; a document would be stored under a day it was not published on.
    for (const v of [
      '2015-02-30',
      '2015-02-29T10:00:00Z',
      'Mon, 30 Feb 2015 10:00:00 GMT',
      'Feb 30, 2015',
      '31 April 2015',
      '2015/02/30',
      '2015.2.30',
      '2/30/2015 10:00',
    ])
      expect(parseTime(v), v).to.equal(null);
    expect(parseTime('2016-02-29')).to.equal('2016-02-29T00:00:00.000Z');
    expect(parseTime('12/31/2015')).to.equal(new Date('12/31/2015').toISOString());
    expect(parseTime('Sun, 31 May 2015 10:00:00 GMT')).to.equal('2015-05-31T10:00:00.000Z');
  });

  it('reads an unset epoch, a date before 1900 or one days after now as no publication time', () => {
    // One document dated 0001-01-01 or 9999-12-31 made aggregate write a row for every trading day between them.
    for (const v of [0, '0', '1970-01-01T00:00:00Z', '0001-01-01', '1899-12-31T23:00:00Z', '9999-12-31T00:00:00Z'])
      expect(parseTime(v), String(v)).to.equal(null);
    const soon = new Date(Date.now() + 864e5).toISOString();
    expect(parseTime(soon)).to.equal(soon);
    expect(parseTime(new Date(Date.now() + 3 * 864e5).toISOString())).to.equal(null);
    expect(parseTime('1900-01-01')).to.equal('1900-01-01T00:00:00.000Z');
  });

  it('skips a row whose text is blank or control characters, and stores text without NUL bytes', async () => {
    const s = openStore(':memory:');
    const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'ctl-')), 'posts.jsonl');
    const rows = [
      { id: 'a', text: '   ', created_at: '2015-01-02' },
      { id: 'b', text: '\u0000\u0007', created_at: '2015-01-02' },
      { id: 'c', text: '$MSFT \u0000beats estimates', created_at: '2015-01-02' },
    ];
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    const r = await importDocuments(s, f, { source: 'probe' });
    expect(r).to.include({ inserted: 1, skipped: 2 });
    expect(s.db.prepare('SELECT key, body FROM documents').all()).to.deep.equal([
      { key: 'c', body: '$MSFT beats estimates' },
    ]);
  });

  it('a StockNet import killed by SIGKILL leaves a sound database; a rerun adds no duplicates', async function () {
    this.timeout(120_000);
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'kill-')), 'k.db');
    const args = [path.join(PROJECT_ROOT, 'bin/finsent.js'), '--db', db, 'import', 'stocknet', SAMPLE];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    let killedWith = -1;
    for (let i = 0; i < 2000 && killedWith < 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      try {
        const ro = new Database(db, { readonly: true, fileMustExist: true });
        const n = count(ro, 'SELECT count(*) n FROM documents');
        ro.close();
        if (n > 0) {
          child.kill('SIGKILL');
          killedWith = n;
        }
      } catch {
        /* not created or not migrated yet */
      }
    }
    await new Promise((r) => child.on('exit', r));
    const after = new Database(db);
    expect(after.pragma('integrity_check', { simple: true })).to.equal('ok');
    const atKill = count(after, 'SELECT count(*) n FROM documents');
    after.close();
    const clean = openStore(':memory:');
    const expected = importStocknet(clean, SAMPLE).inserted;
    expect(atKill, 'the kill landed mid-import').to.be.greaterThan(0).and.lessThan(expected);
    await new Promise((resolve, reject) =>
      spawn(process.execPath, args, { stdio: 'ignore' }).on('exit', (c) =>
        c === 0 ? resolve(c) : reject(new Error(`rerun exited ${c}`)),
      ),
    );
    const done = new Database(db);
    expect(count(done, 'SELECT count(*) n FROM documents')).to.equal(expected);
    expect(
      count(
        done,
        'SELECT count(*) n FROM (SELECT source, key FROM documents GROUP BY source, key HAVING count(*) > 1)',
      ),
    ).to.equal(0);
    expect(count(done, 'SELECT count(*) n FROM document_tickers')).to.equal(
      count(clean.db, 'SELECT count(*) n FROM document_tickers'),
    );
  });
});
