import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';
import { silentLogger } from '../../core/log.js';
import { fakeClock } from '../../core/clock.js';
import { HttpClient } from '../../core/http.js';
import { openStore } from '../../db/store.js';
import { TickerLinker } from '../../ingest/linker.js';
import { readUniverse } from '../../ingest/universe.js';

export const FIXTURES = path.join(PROJECT_ROOT, 'fixtures');
export const fixture = (...p: string[]) => path.join(FIXTURES, ...p);

export const universe = () => readUniverse(fixture('universe', 'StockTable'));

/** A fresh in-memory store, a fake clock, an HTTP client that never really sleeps, and the linker. */
export function testDeps(overrides: { timeoutMs?: number; maxRetries?: number; start?: Date } = {}) {
  const clock = fakeClock(overrides.start ?? '2025-01-25T00:00:00Z');
  const store = openStore(':memory:');
  const http = new HttpClient({
    clock,
    logger: silentLogger,
    perHostIntervalMs: 0,
    perHostIntervalCap: 100,
    baseDelayMs: 1,
    timeoutMs: overrides.timeoutMs ?? 2000,
    maxRetries: overrides.maxRetries ?? 2,
    allowPrivateHosts: ['127.0.0.1'],
  });
  const linker = new TickerLinker(universe(), ['ALL', 'IT', 'T', 'D', 'A']);
  return { store, clock, http, linker, logger: silentLogger, env: { FINSENT_TWITTER_BEARER: 'test-token' } };
}
