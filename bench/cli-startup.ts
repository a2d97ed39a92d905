/**
 * How fast the CLI starts: wall time and peak memory of `finsent --help`, `finsent extract <page>` and
 * `finsent query signals --latest`, each the median of 5 runs, against a bare `node -e ''` measured in the same
 * run. Targets (issue 10): --help under 0.3 s and 80 MB; extract and query under 0.5 s.
 * Usage: npm run bench:cli [-- <db>]   (default db: the one `npm start` writes, .finsent/sample.db)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';
import { machine } from './util.js';

const db = process.argv[2] ?? path.join(PROJECT_ROOT, '.finsent', 'sample.db');
const launcher = path.join(PROJECT_ROOT, 'scripts', 'measured-cli.mjs');
const page = path.join(PROJECT_ROOT, 'fixtures', 'html', 'www.reuters.com.html');

function once(args: string[]): Promise<{ seconds: number; peakMiB: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b) => {
    err += b;
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const kb = Number(err.match(/FAULTS_MAXRSS_KB=(\d+)/)?.[1] ?? Number.NaN);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peakMiB: kb / 1024 });
    }),
  );
}

async function median(args: string[], runs = 5) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await once(args));
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { seconds: +mid(all.map((r) => r.seconds)).toFixed(3), peakMiB: +mid(all.map((r) => r.peakMiB)).toFixed(1) };
}

const bare = await median([
  '-e',
  "process.on('exit',()=>process.stderr.write('FAULTS_MAXRSS_KB='+process.resourceUsage().maxRSS))",
]);
const cases: [string, string[]][] = [
  ['finsent --help', ['--help']],
  ['finsent extract <page>', ['extract', page]],
  ['finsent query signals --latest', ['--db', db, 'query', 'signals', '--latest']],
];
const results = [];
for (const [name, args] of cases) {
  const r = await median([launcher, ...args]);
  results.push({ command: name, ...r, ratioToBareNode: +(r.seconds / bare.seconds).toFixed(2) });
}
const date = new Date().toISOString().slice(0, 10);
console.log(JSON.stringify({ bench: 'cli-startup', machine: machine(), date, bareNode: bare, results }, null, 2));
