import { expect } from 'chai';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CriticalError } from '../../core/errors.js';
import { openStore } from '../../db/store.js';
import { beginRun, finishRun, listRuns } from '../../db/runs.js';
import { latestSignals } from '../../db/queries.js';
import { writeExport } from '../../serve/export.js';
import { buildApi } from '../../serve/api.js';
import { createAppContext } from '../../pipeline/app-context.js';
import { startFixtureServer } from '../../sample/fixture-server.js';
import { runNightly } from '../../pipeline/nightly.js';
import { SAMPLE_STOCKNET, SAMPLE_TOKEN, sampleSources } from '../../sample/sources.js';
import { describeOnBackends } from '../support/backends.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'nightly-'));

describe('nightly run lock', () => {
  it('a second run refuses while the first is alive; a crashed run’s lock is released', () => {
    const s = openStore(':memory:');
    const first = beginRun(s, 'nightly');
    expect(() => beginRun(s, 'nightly')).to.throw(
      CriticalError,
      new RegExp(`another nightly run \\(#${first}, pid ${process.pid}`),
    );
    finishRun(s, first, 'ok');
    const crashed = beginRun(s, 'nightly', { pid: 2 ** 22 + 12345 }); // no such process
    const next = beginRun(s, 'nightly');
    const runs = listRuns(s);
    expect(runs.find((r) => r.id === crashed)).to.include({ status: 'failed' });
    expect(runs.find((r) => r.id === crashed)!.error).to.match(/abandoned: process \d+ is gone/);
    expect(runs.find((r) => r.id === next)).to.include({ status: 'running' });
  });

  it('a run with no heartbeat for longer than the stale limit is abandoned', () => {
    const s = openStore(':memory:');
    beginRun(s, 'nightly', { now: new Date('2025-01-01T00:00:00Z') });
    expect(() => beginRun(s, 'nightly', { now: new Date('2025-01-01T01:00:00Z') })).to.throw(CriticalError);
    expect(beginRun(s, 'nightly', { now: new Date('2025-01-02T00:00:00Z') })).to.be.a('number');
  });
});

describeOnBackends('nightly end to end over the offline sample', (backend) => {
  const dir = tmp();
  let db = '';
  // The store on either backend; the fusion models in the test's own folder (beside a SQLite file they would be
  // anyway, but a PostgreSQL store keeps them in the working folder).
  const target = () => ({
    ...(backend.kind === 'postgres' ? { db: { url: db } } : { dbPath: db }),
    fusion: { modelDir: path.join(dir, 'models') },
  });
  before(function () {
    this.timeout(60_000);
    db = backend.fresh();
  });

  it('a failing stage fails the run but keeps what earlier stages stored; the next run picks up', async function () {
    this.timeout(600_000);
    const server = await startFixtureServer({ token: SAMPLE_TOKEN });
    try {
      const bad = createAppContext({
        logLevel: 'silent',
        overrides: {
          ...target(),
          sources: sampleSources(server.url),
          model: { name: path.join(dir, 'no-such-model') },
        },
        env: { FINSENT_TWITTER_BEARER: SAMPLE_TOKEN },
      });
      const r1 = await runNightly(bad, { importStocknetDir: SAMPLE_STOCKNET });
      bad.close();
      expect(r1.status).to.equal('failed');
      expect(r1.stages.map((s) => `${s.name}:${s.status}`)).to.deep.equal([
        'import:ok',
        'ingest:ok',
        'articles:ok',
        'link:ok',
        'score:failed',
        'aggregate:skipped',
        'train:skipped',
        'signals:skipped',
        'report:skipped',
      ]);
      expect(r1.stages[4].error).to.match(/no-such-model has no config.json/);
      const s = openStore(db);
      const docs = (s.db.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n;
      expect(docs).to.be.greaterThan(5000);
      s.close();

      const good = createAppContext({
        logLevel: 'silent',
        overrides: { ...target(), sources: sampleSources(server.url) },
        env: { FINSENT_TWITTER_BEARER: SAMPLE_TOKEN },
      });
      const r2 = await runNightly(good, {
        importStocknetDir: SAMPLE_STOCKNET,
        reportPath: path.join(dir, 'report.html'),
      });
      good.close();
      expect(r2.status, JSON.stringify(r2.stages)).to.equal('ok');
      expect(r2.stages.find((x) => x.name === 'ingest')!.counts.inserted).to.equal(0); // nothing twice
      expect(r2.stages.find((x) => x.name === 'score')!.counts.documents).to.equal(docs);
      expect(r2.signalDay).to.equal('2015-10-01');
      expect(existsSync(path.join(dir, 'report.html'))).to.equal(true);
    } finally {
      await server.close();
    }
  });

  it('query, export and the API return the same signals the run wrote', async () => {
    const s = openStore(db, { readonly: true });
    const fromQuery = latestSignals(s.db);
    expect(fromQuery.map((x) => x.ticker)).to.deep.equal(['AMZN', 'BAC', 'GE', 'JNJ', 'MSFT', 'XOM']);
    const out = path.join(dir, 'signals.jsonl');
    await writeExport(s.db, 'signals', 'jsonl', out, { from: '2015-10-01', to: '2015-10-01' });
    const exported = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const api = await buildApi(s).inject({ url: '/signals/latest' });
    const key = (r: { ticker: string; p_up: number }) => `${r.ticker}:${r.p_up}`;
    expect(exported.map(key)).to.deep.equal(fromQuery.map(key));
    expect(api.json().data.map(key)).to.deep.equal(fromQuery.map(key));
    s.close();
  });
});
