/**
 * StockNet import throughput: `importStocknet` into a fresh file database, against a baseline measured in
 * the same run (read every day file and JSON.parse every line, writing nothing), and a rerun (all present).
 * Usage: npm run bench:import [-- <stocknet dir>]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../db/store.js';
import { importStocknet } from '../ingest/importers/stocknet.js';
import { DATA, machine, timeIt } from './util.js';

const dir = process.argv[2] ?? path.join(DATA, 'stocknet-acl18');
const tweetDir = path.join(dir, 'tweet', 'preprocessed');

const baseline = await timeIt(() => {
  let n = 0;
  for (const t of readdirSync(tweetDir))
    for (const d of readdirSync(path.join(tweetDir, t)))
      for (const l of readFileSync(path.join(tweetDir, t, d), 'utf8').split('\n'))
        if (l) {
          JSON.parse(l);
          n++;
        }
  return n;
}, 3);
const fresh = await timeIt(() => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const s = openStore(path.join(tmp, 'b.db'));
  const r = importStocknet(s, dir);
  s.close();
  rmSync(tmp, { recursive: true, force: true });
  return r;
}, 3);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
const s = openStore(path.join(tmp, 'b.db'));
importStocknet(s, dir);
const rerun = await timeIt(() => importStocknet(s, dir), 3);
s.close();
rmSync(tmp, { recursive: true, force: true });

const r = fresh.result;
console.log(
  JSON.stringify(
    {
      bench: 'import-stocknet',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      dir,
      tweets: r.tweets,
      documents: r.inserted,
      priceRows: r.prices,
      importSeconds: +fresh.seconds.toFixed(2),
      tweetsPerSecond: Math.round(r.tweets / fresh.seconds),
      baselineParseSeconds: +baseline.seconds.toFixed(2),
      ratioImportToParseOnly: +(fresh.seconds / baseline.seconds).toFixed(2),
      rerunSeconds: +rerun.seconds.toFixed(2),
      rerunInserted: rerun.result.inserted,
    },
    null,
    2,
  ),
);
