/**
 * The fault suite (`npm run test:faults`): hostile HTTP, SIGKILL at seeded random points of import, score and
 * nightly, and CLI/config abuse. Loopback traffic only; bounded in time. Prints one table and a closing
 * "N passed, N failed" line; exits non-zero on any failure.
 * Usage: npm run test:faults [-- --seed 7 --only hostile,kill,cli]
 */
import { cliAbuse } from './cli-abuse.js';
import { hostileIngest } from './hostile-ingest.js';
import { killTrials } from './kill-trials.js';
import type { CaseResult } from './result.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(arg('seed') ?? 20261201);
const only = new Set((arg('only') ?? 'hostile,kill,cli').split(','));
const t0 = performance.now();
const results: CaseResult[] = [];
const suites: [string, () => Promise<CaseResult[]>][] = [
  ['cli', cliAbuse],
  ['hostile', hostileIngest],
  ['kill', () => killTrials(seed)],
];
for (const [name, suite] of suites) {
  if (!only.has(name)) continue;
  try {
    results.push(...(await suite()));
  } catch (err) {
    results.push({ suite: name, name: 'suite crashed', ok: false, detail: String((err as Error)?.stack ?? err) });
  }
}
console.table(
  results.map((r) => ({
    suite: r.suite,
    case: r.name.slice(0, 60),
    ok: r.ok ? 'ok' : 'FAIL',
    'peak MiB': r.peakMiB == null ? '' : Math.round(r.peakMiB),
    s: r.seconds == null ? '' : +r.seconds.toFixed(1),
    detail: r.ok ? '' : r.detail.replace(/\s+/g, ' ').slice(0, 80),
  })),
);
const failed = results.filter((r) => !r.ok).length;
console.log(`seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log(`faults: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
