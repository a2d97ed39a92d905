import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../core/paths.js';
import { openStore } from '../../db/store.js';
import { fusionModelId } from '../../fusion/registry.js';
import { fixture } from '../support/fixtures.js';

const cli = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'bin/finsent.js'), '--log-level', 'error', ...args], {
    encoding: 'utf8',
  });

/** The stderr of a command that must fail. */
function cliFailure(...args: string[]): string {
  try {
    cli(...args);
  } catch (e) {
    return String((e as { stderr: string }).stderr);
  }
  throw new Error(`finsent ${args.join(' ')} succeeded`);
}

describe('fusion model registry and out-of-sample backfill', function () {
  this.timeout(180_000);

  it('gives two trainings in the same day, or with another configuration, different ids', () => {
    const a = fusionModelId('lstm', new Date('2026-12-01T08:00:00.000Z'), { seed: 0 });
    const b = fusionModelId('lstm', new Date('2026-12-01T08:00:00.001Z'), { seed: 0 });
    const c = fusionModelId('lstm', new Date('2026-12-01T08:00:00.000Z'), { seed: 1 });
    expect(new Set([a, b, c]).size).to.equal(3);
    expect(a).to.match(/^fusion-lstm@20261201T080000000Z-[0-9a-f]{8}$/);
  });

  it('says how to train one when the registry is empty, instead of printing an empty table', () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'registry-')), 'empty.db');
    openStore(db).close();
    expect(cli('--db', db, 'models')).to.match(/^no fusion models yet: `finsent train`/);
    expect(JSON.parse(cli('--db', db, '--json', 'models'))).to.deep.equal([]);
  });

  it('signal --from --to on a fresh database trains only on earlier sessions, and backtest then works', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'backfill-'));
    const db = path.join(dir, 'fresh.db');
    cli('--db', db, 'import', 'stocknet', fixture('sample', 'stocknet'));
    const svg = path.join(dir, 'x.svg');
    const early = cliFailure('--db', db, 'backtest', '--from', '2015-08-03', '--to', '2015-09-30', '--chart', svg);
    expect(early).to.match(/no stored signals between 2015-08-03 and 2015-09-30: run `finsent signal --from/);
    expect(existsSync(svg)).to.equal(false);
    const r = JSON.parse(cli('--db', db, '--json', 'signal', '--from', '2015-08-03', '--to', '2015-09-30'));
    expect(r.trained).to.equal(true);
    expect(r.from).to.equal('2015-08-03');
    const store = new Database(db, { readonly: true });
    const model = store.prepare('SELECT meta, location FROM models WHERE id = ?').get(r.model) as {
      meta: string;
      location: string;
    };
    expect(JSON.parse(model.meta).trainedThrough < '2015-08-03').to.equal(true);
    expect(existsSync(path.join(model.location, 'meta.json'))).to.equal(true);
    expect(model.location.startsWith(path.join(dir, 'fresh.models'))).to.equal(true);
    const n = store.prepare('SELECT count(*) n, min(day) lo, max(day) hi FROM signals').get() as Record<
      string,
      unknown
    >;
    expect(n).to.deep.include({ lo: '2015-08-03', hi: '2015-09-30' });
    store.close();
    const bt = JSON.parse(
      cli(
        '--db',
        db,
        '--json',
        'backtest',
        '--from',
        '2015-08-03',
        '--to',
        '2015-09-30',
        '--chart',
        path.join(dir, 'bt.svg'),
      ),
    );
    expect(bt.days).to.be.greaterThan(35);
    expect(bt.strategy.maxAbsNetExposure).to.be.lessThan(1e-12);
    // A second backfill reuses the model trained before the range instead of training again.
    const again = JSON.parse(cli('--db', db, '--json', 'signal', '--from', '2015-09-01', '--to', '2015-09-30'));
    expect(again).to.deep.include({ trained: false, model: r.model });
    const listed = JSON.parse(cli('--db', db, '--json', 'models'));
    expect(listed.map((m: { id: string }) => m.id)).to.deep.equal([r.model]);
  });
});
