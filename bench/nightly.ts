/**
 * The whole nightly job over the visible StockNet data (~92k tweets, 88 tickers), wall time per stage,
 * into a fresh database; then a second, incremental run (nothing new) as the baseline in the same run.
 * Usage: npm run bench:nightly [-- <stocknet dir>]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppContext } from '../pipeline/app-context.js';
import { runNightly } from '../pipeline/nightly.js';
import { DATA, machine } from './util.js';

const dir = process.argv[2] ?? path.join(DATA, 'stocknet-acl18');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-nightly-'));
const out: Record<string, unknown> = {
  bench: 'nightly',
  machine: machine(),
  date: new Date().toISOString().slice(0, 10),
  dir,
  db: path.join(tmp, 'n.db'),
};
for (const run of ['full', 'incremental'] as const) {
  const ctx = createAppContext({ logLevel: 'warn', overrides: { dbPath: path.join(tmp, 'n.db'), sources: [] } });
  const t0 = performance.now();
  const r = await runNightly(ctx, { importStocknetDir: dir, reportPath: path.join(tmp, 'report.html') });
  ctx.close();
  out[run] = {
    status: r.status,
    totalSeconds: +((performance.now() - t0) / 1000).toFixed(1),
    stages: Object.fromEntries(r.stages.map((s) => [s.name, { seconds: +(s.ms / 1000).toFixed(2), ...s.counts }])),
  };
}
out.ratioIncrementalToFull = +(
  (out.incremental as { totalSeconds: number }).totalSeconds / (out.full as { totalSeconds: number }).totalSeconds
).toFixed(3);
console.log(JSON.stringify(out, null, 2));
