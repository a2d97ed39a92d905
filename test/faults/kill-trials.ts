import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rng } from '../../fusion/metrics.js';
import { fixture } from '../support/fixtures.js';
import { runCli, startCli } from './child.js';
import type { CaseResult } from './result.js';

/** What a finished database must hold, whatever was killed on the way. */
function fingerprint(file: string) {
  const db = new Database(file, { readonly: true });
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const f = {
    integrity: db.pragma('integrity_check', { simple: true }) as string,
    documents: n('SELECT count(*) n FROM documents'),
    keys: n('SELECT count(DISTINCT source || char(0) || key) n FROM documents'),
    prices: n('SELECT count(*) n FROM prices'),
    links: n('SELECT count(*) n FROM document_tickers'),
    scores: n('SELECT count(*) n FROM sentiment_scores'),
    scoredDocs: n('SELECT count(DISTINCT document_id) n FROM sentiment_scores'),
    daily: n('SELECT count(*) n FROM daily_sentiment'),
    signals: n('SELECT count(*) n FROM signals WHERE day = (SELECT max(day) FROM signals)'),
  };
  db.close();
  return f;
}

type Fingerprint = ReturnType<typeof fingerprint>;

function compare(got: Fingerprint, want: Fingerprint, keys: (keyof Fingerprint)[]): string {
  return keys
    .filter((k) => got[k] !== want[k])
    .map((k) => `${k} ${got[k]} != ${want[k]}`)
    .join('; ');
}

interface Job {
  name: string;
  args: (db: string) => string[];
  /** Prepares the trial's database (a copy of an imported one, or nothing). */
  prepare: (db: string) => void;
  /** What must match the uninterrupted run. */
  keys: (keyof Fingerprint)[];
  trials: number;
}

/**
 * SIGKILL at seeded random moments of import, score and nightly (every stage: the kill time is drawn across the
 * whole of an uninterrupted run, measured first), then a plain rerun. The result must pass SQLite's integrity
 * check and hold exactly what the uninterrupted run holds: nothing lost, nothing twice.
 */
export async function killTrials(seed: number): Promise<CaseResult[]> {
  const random = rng(seed);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-kill-'));
  const stocknet = fixture('sample', 'stocknet');
  const imported = path.join(dir, 'imported.db');
  const ref = await runCli(['--db', imported, 'import', 'stocknet', stocknet, '--before', '2015-04-01']);
  if (ref.code !== 0) throw new Error(`reference import failed: ${ref.stderr}`);
  const jobs: Job[] = [
    {
      name: 'import',
      args: (db) => ['--db', db, 'import', 'stocknet', stocknet],
      prepare: () => {},
      keys: ['integrity', 'documents', 'keys', 'prices', 'links'],
      trials: 10,
    },
    {
      name: 'score',
      args: (db) => ['--db', db, 'score', '--batch-size', '16'],
      prepare: (db) => copyFileSync(imported, db),
      keys: ['integrity', 'documents', 'scores', 'scoredDocs'],
      trials: 6,
    },
    {
      name: 'nightly',
      args: (db) => ['nightly', '--sample', '--db', db],
      prepare: () => {},
      keys: ['integrity', 'documents', 'keys', 'prices', 'links', 'scores', 'scoredDocs', 'daily', 'signals'],
      trials: 5,
    },
  ];
  const out: CaseResult[] = [];
  for (const job of jobs) {
    const refDir = mkdtempSync(path.join(dir, `${job.name}-ref-`));
    const refDb = path.join(refDir, 'r.db');
    job.prepare(refDb);
    const clean = await runCli(job.args(refDb), { limitMs: 300_000 });
    if (clean.code !== 0) {
      out.push({ suite: 'kill', name: `${job.name} reference run`, ok: false, detail: clean.stderr.slice(0, 200) });
      continue;
    }
    const want = fingerprint(refDb);
    for (let t = 0; t < job.trials; t++) {
      const trialDir = mkdtempSync(path.join(dir, `${job.name}-${t}-`));
      const db = path.join(trialDir, 't.db');
      job.prepare(db);
      const killAtMs = Math.round(200 + random() * Math.max(clean.seconds * 1000 - 200, 100));
      const child = startCli(job.args(db));
      const timer = setTimeout(() => child.process.kill('SIGKILL'), killAtMs);
      const killed = await child.done;
      clearTimeout(timer);
      const rerun = await runCli(job.args(db), { limitMs: 300_000 });
      const name = `${job.name} killed at ${(killAtMs / 1000).toFixed(2)} s of ${clean.seconds.toFixed(1)}`;
      const how = killed.signal ? 'killed' : `finished first (exit ${killed.code})`;
      if (rerun.code !== 0) {
        out.push({ suite: 'kill', name, ok: false, detail: `${how}; rerun exit ${rerun.code}: ${rerun.stderr}` });
        continue;
      }
      const diff = compare(fingerprint(db), want, job.keys);
      out.push({
        suite: 'kill',
        name,
        ok: !diff,
        detail: `${how}; ${diff}`,
        peakMiB: rerun.peakMiB,
        seconds: rerun.seconds,
      });
    }
  }
  return out;
}
