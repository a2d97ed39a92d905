import type Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../db/store.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { fixture } from '../support/fixtures.js';
import { hasStack, runCli } from './child.js';
import type { CaseResult } from './result.js';

interface AbuseCase {
  args: string[];
  /** What the one line on stderr must say. */
  error: RegExp;
  /** A path that must not exist afterwards (a read that must not create). */
  creates?: string;
  /** A report on stdout instead of an error (doctor): exit 1, nothing on stderr, `error` matched on stdout. */
  report?: boolean;
}

/** Writes `bytes` of noise into the middle of a copy of `src`: a database damaged the way a bad disk damages one. */
function damagedCopy(src: string, out: string): void {
  copyFileSync(src, out);
  const buf = readFileSync(out);
  const noise = Buffer.alloc(64 * 1024);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  noise.copy(buf, Math.floor(buf.length / 2));
  writeFileSync(out, buf);
}

function scenario(dir: string) {
  const db = path.join(dir, 'ok.db');
  const store = openStore(db);
  importStocknet(store, fixture('sample', 'stocknet'));
  (store.db as Database.Database).pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  mkdirSync(path.join(dir, 'folder.db'));
  writeFileSync(path.join(dir, 'random.db'), Buffer.alloc(100_000, 0x5a));
  damagedCopy(db, path.join(dir, 'damaged.db'));
  const config = (name: string, body: string) => {
    writeFileSync(path.join(dir, name), body);
    return path.join(dir, name);
  };
  return {
    db,
    typo: config('typo.json', '{"dbpath":"typo.db"}'),
    array: config('array.json', '[1,2,3]'),
    cron: config('cron.json', '{"schedule":{"cron":"every night"}}'),
    zone: config('zone.json', '{"schedule":{"timezone":"Mars/Olympus"}}'),
  };
}

function cases(dir: string, s: ReturnType<typeof scenario>): AbuseCase[] {
  const p = (f: string) => path.join(dir, f);
  const ok = ['--db', s.db];
  return [
    { args: ['--db', p('folder.db'), 'query', 'signals', '--latest'], error: /is a folder, not a SQLite file/ },
    { args: ['--db', '/dev/null', 'query', 'docs'], error: /is a device or pipe, not a SQLite file/ },
    { args: ['--db', '/dev/null', 'score'], error: /is a device or pipe, not a SQLite file/ },
    { args: ['--db', p('random.db'), 'query', 'signals', '--latest'], error: /cannot open database .*not a database/ },
    { args: ['--db', p('random.db'), 'score'], error: /cannot open database .*not a database/ },
    { args: ['--db', p('damaged.db'), 'score', '--limit', '5'], error: /is damaged .*finsent doctor/ },
    { args: ['--db', p('damaged.db'), 'doctor'], error: /damaged\.db: \d+ problem/, report: true },
    { args: ['--db', p('missing.db'), 'serve'], error: /no database at/, creates: p('missing.db') },
    { args: ['--db', p('no/dir/x.db'), 'query', 'signals'], error: /no database at/, creates: p('no') },
    { args: [...ok, 'serve', '--port', 'abc'], error: /not an integer: abc/ },
    { args: [...ok, 'serve', '--port', '-1'], error: /at least 0/ },
    { args: [...ok, 'serve', '--port', '99999'], error: /at most 65535/ },
    { args: [...ok, 'serve', '--host', ''], error: /every interface without a bearer token/ },
    { args: [...ok, 'serve', '--host', '0.0.0.0'], error: /without a bearer token/ },
    { args: [...ok, 'runs', '--limit', 'abc'], error: /not an integer: abc/ },
    { args: [...ok, 'runs', '--limit', '-1'], error: /at least 1/ },
    { args: [...ok, 'report', '--days', 'abc'], error: /not an integer: abc/ },
    { args: [...ok, 'score', '--limit', '-5'], error: /at least 1/ },
    { args: [...ok, 'query', 'docs', '--limit', '-1'], error: /at least 1/ },
    { args: [...ok, 'query', 'docs', '--q', '"'], error: /bad full-text query/ },
    { args: [...ok, 'query', 'docs', '--ticker', 'NOPE'], error: /unknown ticker: NOPE/ },
    // An unset shell variable ("--ticker $T") must not read as no filter: it would answer for every ticker.
    { args: [...ok, 'query', 'docs', '--ticker', ''], error: /not a ticker/ },
    { args: [...ok, 'query', 'sentiment', '--ticker', ' '], error: /not a ticker/ },
    { args: [...ok, 'explain-signal', '--ticker', '', '--date', '2015-10-01'], error: /not a ticker/ },
    // An empty target was a temporary SQLite database: the copy "succeeded" into a file that vanished.
    { args: [...ok, 'db', 'copy', '--to', ''], error: /--to .* must not be empty/ },
    { args: [...ok, 'ingest', '--only', ''], error: /--only .* must not be empty/ },
    { args: ['--db', p('new1.db'), 'import', 'prices', p('nope.csv')], error: /no such file/, creates: p('new1.db') },
    { args: ['--db', p('new2.db'), 'import', 'stocknet', p('nope')], error: /no such folder/, creates: p('new2.db') },
    { args: [...ok, 'import', 'documents', s.db, '--source', 's', '--kind', 'bogus'], error: /Allowed choices/ },
    {
      // The shipped model has no pooled output: refused before a database is made, a dataset imported or scored.
      args: [
        '--db',
        p('new3.db'),
        'eval',
        'fusion',
        '--data-dir',
        fixture('sample', 'stocknet'),
        '--embedding-pcs',
        '2',
      ],
      error: /no "pooled" output/,
      creates: p('new3.db'),
    },
    { args: ['extract', p('nope.html')], error: /no such file/ },
    {
      // The six-page folder has expected.json, not pages/: there is nothing to change and rescore.
      args: ['eval', 'extraction', '--data-dir', fixture('html'), '--stress'],
      error: /--stress needs a corpus folder with pages\//,
    },
    { args: ['extract', dir], error: /not a file/ },
    { args: ['explain', '   '], error: /text with words in it/ },
    { args: [...ok, '--log-level', 'bogus', 'runs'], error: /Allowed choices/ },
    { args: [...ok, 'backtest', '--from', '2015-13-01', '--to', '2015-12-01'], error: /not a date/ },
    { args: [...ok, 'backtest', '--from', '2015-01-01', '--to', '2015-02-01', '--cost-bps', 'abc'], error: /number/ },
    { args: [...ok, 'aggregate', '--from', '2015-02-01', '--to', '2015-01-01'], error: /2015-02-01 is after --to/ },
    { args: [...ok, 'query', 'docs', '--from', '2015-02-01', '--to', '2015-01-01'], error: /is after --to 2015-01-01/ },
    { args: [...ok, 'query', 'docs', '--min-relevance', '0.5'], error: /--min-relevance needs --ticker/ },
    { args: [...ok, 'query', 'docs', '--ticker', 'AAPL', '--min-relevance', '1.5'], error: /must be at most 1/ },
    {
      args: [...ok, 'export', 'sentiment', '--ticker', 'AAPL', '--min-relevance', '0.5', '--out', p('x.csv')],
      error: /--min-relevance filters docs only/,
    },
    { args: [...ok, 'signal', '--date', 'banana'], error: /not a date/ },
    { args: [...ok, 'signal', '--date', '2015-10-03'], error: /not an NYSE trading day/ },
    { args: [...ok, 'signal', '--date', '2016-06-01'], error: /session after the last price/ },
    { args: [...ok, 'export', 'docs', '--out', '/proc/nope/x.csv'], error: /cannot write export to \/proc\/nope/ },
    { args: ['--config', s.typo, 'runs'], error: /Unrecognized key: "dbpath"/ },
    { args: ['--config', s.array, 'runs'], error: /expected a JSON object, got an array/ },
    { args: ['--config', s.cron, 'runs'], error: /schedule\.cron: not a valid cron/ },
    { args: ['--config', s.zone, 'runs'], error: /schedule\.timezone: not an IANA time zone/ },
    { args: ['--config', p('missing.json'), 'runs'], error: /cannot read config file/ },
    { args: ['no-such-command'], error: /unknown command/ },
  ];
}

/** `finsent ... | head -1`: the closed pipe must end the command quietly, with no EPIPE stack. */
async function closedPipe(db: string): Promise<CaseResult> {
  const cli = path.join(import.meta.dirname, '..', '..', 'scripts', 'measured-cli.mjs');
  const cmd = `"${process.execPath}" "${cli}" --db "${db}" query docs --limit 10000 --format csv | head -1`;
  const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const clean = stderr.replace(/\n?FAULTS_MAXRSS_KB=\d+\n/, '').trim();
  return { suite: 'cli abuse', name: 'query docs | head -1', ok: code === 0 && !clean, detail: clean.slice(0, 200) };
}

/**
 * Every bad flag, file and config gets one line on stderr naming the bad value and a non-zero exit, never a
 * stack trace; read commands never create what they read.
 */
export async function cliAbuse(): Promise<CaseResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-cli-'));
  const s = scenario(dir);
  const out: CaseResult[] = [];
  for (const c of cases(dir, s)) {
    const r = await runCli(c.args, { limitMs: 30_000, env: { FAULTS_CWD: dir } });
    const lines = r.stderr.split('\n').filter(Boolean);
    const problems = [
      r.code === 0 || r.code === null ? `exit ${r.code}` : '',
      lines.length !== (c.report ? 0 : 1) ? `${lines.length} lines on stderr` : '',
      c.error.test(c.report ? r.stdout : r.stderr) ? '' : `output did not match ${c.error}`,
      hasStack(r.stderr) ? 'stack trace' : '',
      c.creates && existsSync(c.creates) ? `created ${c.creates}` : '',
    ].filter(Boolean);
    const name = c.args.map((a) => a.replace(dir, '.')).join(' ');
    const detail = `${problems.join('; ')}: ${r.stderr.slice(0, 160)}`;
    out.push({ suite: 'cli abuse', name, ok: !problems.length, detail, peakMiB: r.peakMiB, seconds: r.seconds });
  }
  out.push(await closedPipe(s.db));
  return out;
}
