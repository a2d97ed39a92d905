/**
 * API throughput with autocannon on loopback: /signals/latest, /sentiment/daily?ticker=AAPL (one year) and
 * /documents full-text searches (by relevance and newest first) against a database given as the first argument
 * (default: a StockNet-sized one built by `finsent eval fusion`, see docs/benchmarks.md), and /health as the
 * baseline measured in the same run.
 * Bounded: 10 connections, 10 s per endpoint, 127.0.0.1 only.
 * Usage: npm run bench:api -- <db>
 */
import autocannon from 'autocannon';
import { serve } from '../serve/api.js';
import { machine } from './util.js';

const db = process.argv[2] ?? 'stocknet.db';
const { app, url } = await serve(db, { host: '127.0.0.1', port: 0 });
const ticker = process.argv[3] ?? 'AAPL';
const run = (path: string) =>
  new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url: `${url}${path}`, connections: 10, duration: 10 }, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
const out: Record<string, unknown>[] = [];
for (const p of [
  '/health',
  '/signals/latest',
  `/sentiment/daily?ticker=${ticker}&from=2014-10-01&to=2015-09-30`,
  `/sentiment/daily?ticker=${ticker}&from=2014-10-01&to=2015-09-30&format=csv`,
  '/documents?q=apple',
  '/documents?q=apple&sort=relevance',
  `/documents?ticker=${ticker}&label=negative`,
]) {
  const r = await run(p);
  out.push({
    path: p,
    requestsPerSec: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    non2xx: r.non2xx,
    bytesPerReq: Math.round(r.throughput.average / Math.max(r.requests.average, 1)),
  });
}
await app.close();
const base = out[0].requestsPerSec as number;
console.log(
  JSON.stringify(
    {
      bench: 'api',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      db,
      results: out.map((r) => ({ ...r, ratioToHealth: +((r.requestsPerSec as number) / base).toFixed(3) })),
    },
    null,
    2,
  ),
);
