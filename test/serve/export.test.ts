import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../db/store.js';
import { upsertDocuments } from '../../db/documents.js';
import { writeExport, EXPORT_COLUMNS } from '../../serve/export.js';
import { writeTextOutput } from '../../core/files.js';

const docs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    source: 'wsb',
    key: `post-${i}`,
    kind: 'social' as const,
    title: `post number ${i}, with "quotes", commas`,
    body: 'line one\nline two',
    publishedAt: new Date(Date.UTC(2015, 0, 1) + i * 60_000).toISOString(),
  }));

describe('serve/export', () => {
  it('writes signals as CSV and JSONL with the documented columns in order', async () => {
    const s = openStore(':memory:');
    s.db
      .prepare(
        `INSERT INTO signals (ticker, day, model_id, p_up, direction, confidence, created_at) VALUES ('AAPL',
          '2015-09-03', 'f', 0.61, 'up', 0.22, 't'), ('XOM', '2015-09-04', 'f', 0.3, 'down', 0.4, 't')`,
      )
      .run();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exp-'));
    expect(await writeExport(s.db, 'signals', 'csv', path.join(dir, 's.csv'), { from: '2015-09-04' })).to.deep.equal({
      rows: 1,
      file: path.join(dir, 's.csv'),
      inPlace: false,
    });
    expect(readFileSync(path.join(dir, 's.csv'), 'utf8')).to.equal(
      `${EXPORT_COLUMNS.signals.join(',')}\n2015-09-04,XOM,f,0.3,down,0.4,t\n`,
    );
    await writeExport(s.db, 'signals', 'jsonl', path.join(dir, 's.jsonl'), {});
    const lines = readFileSync(path.join(dir, 's.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).to.have.length(2);
    expect(Object.keys(lines[0])).to.deep.equal([...EXPORT_COLUMNS.signals]);
  });

  it('streams every matching document, past the 10,000 rows of a query page', async () => {
    const s = openStore(':memory:');
    s.tx(() => upsertDocuments(s.db, docs(10_050), '2025-01-01T00:00:00Z'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exp-'));
    const r = await writeExport(s.db, 'docs', 'jsonl', path.join(dir, 'd.jsonl'), {});
    expect(r.rows).to.equal(10_050);
    const lines = readFileSync(path.join(dir, 'd.jsonl'), 'utf8').trim().split('\n');
    expect(lines).to.have.length(10_050);
    expect(JSON.parse(lines[0]).title).to.equal('post number 10049, with "quotes", commas');
    await writeExport(s.db, 'docs', 'csv', path.join(dir, 'd.csv'), { from: '2015-01-07' });
    const { parse } = await import('csv-parse/sync');
    const rows = parse(readFileSync(path.join(dir, 'd.csv')), { columns: true }) as Record<string, string>[];
    expect(rows).to.have.length(10_050 - 8_640);
    expect(rows[0].body).to.equal('line one\nline two');
  });

  it('fails with the file named, and leaves no partial file, when the export cannot be written', async () => {
    const s = openStore(':memory:');
    s.tx(() => upsertDocuments(s.db, docs(3), '2025-01-01T00:00:00Z'));
    for (const out of ['/proc/nope/x.csv', path.join(mkdtempSync(path.join(os.tmpdir(), 'exp-')), 'no', 'x.csv')]) {
      let err: Error | undefined;
      await writeExport(s.db, 'docs', 'csv', out, {}).catch((e: Error) => {
        err = e;
      });
      expect(err?.message).to.match(new RegExp(`cannot write export to ${out.replace(/[/.]/g, '\\$&')}`));
      expect(existsSync(out)).to.equal(false);
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exp-'));
    await writeExport(s.db, 'docs', 'csv', path.join(dir, 'ok.csv'), {});
    expect(readdirSync(dir)).to.deep.equal(['ok.csv']);
  });

  it('writes into a pipe or a device in place instead of replacing it with a file, and refuses a folder', async () => {
    const s = openStore(':memory:');
    s.tx(() => upsertDocuments(s.db, docs(5), '2025-01-01T00:00:00Z'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exp-'));
    const fifo = path.join(dir, 'pipe');
    // A named pipe stands for /dev/stdout or a terminal: renaming a finished file over it replaced the device.
    execFileSync('mkfifo', [fifo]);
    const read = (async () => {
      let text = '';
      for await (const chunk of createReadStream(fifo, 'utf8')) text += chunk;
      return text;
    })();
    const r = await writeExport(s.db, 'docs', 'jsonl', fifo, {});
    expect(r).to.include({ rows: 5, inPlace: true });
    expect((await read).trim().split('\n')).to.have.length(5);
    expect(statSync(fifo).isFIFO()).to.equal(true);
    expect(readdirSync(dir)).to.deep.equal(['pipe']);
    let err: Error | undefined;
    await writeExport(s.db, 'docs', 'csv', dir, {}).catch((e: Error) => {
      err = e;
    });
    expect(err?.message).to.match(/cannot write export to .* it is a folder/);
  });

  it('refuses to overwrite a SQLite database or a file SQLite keeps beside one, its own store among them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'exp-'));
    const file = path.join(dir, 'store.db');
    const s = openStore(file);
    s.tx(() => upsertDocuments(s.db, docs(3), '2025-01-01T00:00:00Z'));
    // `export docs --out store.db` replaced the store it read from with a CSV.
    for (const out of [file, `${file}-wal`]) {
      let err: Error | undefined;
      await writeExport(s.db, 'docs', 'csv', out, {}).catch((e: Error) => {
        err = e;
      });
      expect(err?.message, out).to.match(/cannot write export to .*: it is (a SQLite database|a file of the SQLite)/);
    }
    expect(s.db.prepare('SELECT count(*) n FROM documents').get()).to.deep.equal({ n: 3 });
    s.close();
    expect(() => writeTextOutput(file, '<html></html>', 'report')).to.throw(/it is a SQLite database/);
    expect(openStore(file).db.prepare('SELECT count(*) n FROM documents').get()).to.deep.equal({ n: 3 });
  });
});
