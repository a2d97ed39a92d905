import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';
import { readUniverse } from '../../ingest/universe.js';

describe('finsent import universe', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'finsent-universe-'));
  const db = path.join(dir, 'u.db');
  const finsent = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin/finsent.js'), '--log-level', 'error', '--db', db, ...args],
      {
        encoding: 'utf8',
        cwd: dir,
      },
    );
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it('refuses a universe row without a ticker symbol in its second column, naming the file and line', () => {
    const bad = file('spaces', 'Sector\tSymbol\tCompany\nIndustrials\t$ONE\tOne Corp.\nTech AAPL Apple Inc.\n');
    expect(() => readUniverse(bad)).to.throw(/spaces:3: no ticker symbol in the second column/);
  });

  it('adds a ticker that only had prices, links stored documents to it, and then signals it', function () {
    this.timeout(120_000);
    // 130 sessions of a steady walk, enough history for the fusion model's windows.
    const rows = ['Date,Open,High,Low,Close,Volume'];
    let close = 100;
    for (let d = new Date('2015-01-05T00:00:00Z'), i = 0; rows.length <= 130; d.setUTCDate(d.getUTCDate() + 1), i++) {
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
      const open = close;
      close = +(close * (1 + (i % 7 === 0 ? -0.012 : 0.004))).toFixed(2);
      const [high, low] = [Math.max(open, close) + 1, Math.min(open, close) - 1];
      rows.push(`${d.toISOString().slice(0, 10)},${open},${high},${low},${close},1000`);
    }
    expect(finsent('import', 'prices', file('ONE.csv', `${rows.join('\n')}\n`)).status).to.equal(0);
    const post = { id: 'p1', text: 'One Corp raises its outlook after a strong quarter.', created_at: '2015-06-01' };
    expect(
      finsent('import', 'documents', file('posts.jsonl', `${JSON.stringify(post)}\n`), '--source', 'p').status,
    ).to.equal(0);
    expect(finsent('train').status).to.equal(0);
    const refused = finsent('signal');
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.contain('no ticker of the universe has prices (prices are stored for ONE)');
    expect(refused.stderr).to.contain('finsent import universe');

    const universe = file('universe', 'Sector\tSymbol\tCompany\nIndustrials\t$ONE\tOne Corp.\n');
    const r = finsent('--json', 'import', 'universe', universe);
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.include({ tickers: 1, added: ['ONE'], linksAdded: 1 });
    const docs = JSON.parse(finsent('--json', 'query', 'docs', '--ticker', 'ONE').stdout);
    expect(docs.map((d: { body: string }) => d.body)).to.deep.equal([post.text]);
    const signals = finsent('--json', 'signal');
    expect(signals.status, signals.stderr).to.equal(0);
    expect(JSON.parse(signals.stdout).written.map((s: { ticker: string }) => s.ticker)).to.deep.equal(['ONE']);
    // Importing it again adds nothing.
    expect(JSON.parse(finsent('--json', 'import', 'universe', universe).stdout)).to.deep.include({ added: [] });
  });
});
