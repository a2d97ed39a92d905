import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../db/store.js';
import { writeExport, EXPORT_COLUMNS } from '../../serve/export.js';

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
});
