import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../core/config.js';
import { type DB, openStore } from '../../db/store.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { fixture } from '../support/fixtures.js';

const count = (db: DB, sql: string) => (db.prepare(sql).get() as { n: number }).n;
const finsent = (db: string, ...args: string[]) =>
  spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin/finsent.js'), '--db', db, '--log-level', 'error', ...args], {
    stdio: 'ignore',
  });

describe('finsent score killed mid-run', function () {
  this.timeout(300_000);
  it('leaves whole chunks only, and a rerun scores each remaining document exactly once', async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'score-kill-')), 's.db');
    const s = openStore(db);
    importStocknet(s, fixture('sample', 'stocknet'));
    const total = count(s.db, 'SELECT count(*) n FROM documents');
    s.close();
    const child = finsent(db, 'score', '--batch-size', '32');
    let atKill = 0;
    for (let i = 0; i < 6000 && !atKill; i++) {
      await new Promise((r) => setTimeout(r, 10));
      try {
        const ro = new Database(db, { readonly: true });
        const n = count(ro, 'SELECT count(*) n FROM sentiment_scores');
        ro.close();
        if (n > 0) {
          child.kill('SIGKILL');
          atKill = n;
        }
      } catch {
        /* busy */
      }
    }
    await new Promise((r) => child.on('exit', r));
    const mid = new Database(db);
    expect(mid.pragma('integrity_check', { simple: true })).to.equal('ok');
    const kept = count(mid, 'SELECT count(*) n FROM sentiment_scores');
    expect(kept, 'killed mid-run').to.be.greaterThan(0).and.lessThan(total);
    const firstScoredAt = (
      mid.prepare('SELECT scored_at FROM sentiment_scores ORDER BY document_id LIMIT 1').get() as { scored_at: string }
    ).scored_at;
    mid.close();
    await new Promise((resolve, reject) =>
      finsent(db, 'score').on('exit', (c) => (c === 0 ? resolve(c) : reject(new Error(`rerun exited ${c}`)))),
    );
    const done = new Database(db, { readonly: true });
    expect(count(done, 'SELECT count(*) n FROM sentiment_scores')).to.equal(total);
    expect(count(done, 'SELECT count(DISTINCT document_id) n FROM sentiment_scores')).to.equal(total);
    // Documents scored before the kill were not scored again.
    expect(
      (
        done.prepare('SELECT scored_at FROM sentiment_scores ORDER BY document_id LIMIT 1').get() as {
          scored_at: string;
        }
      ).scored_at,
    ).to.equal(firstScoredAt);
    done.close();
  });
});
