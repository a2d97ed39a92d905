import { rmSync } from 'node:fs';
import path from 'node:path';
import { startFixtureServer } from './fixture-server.js';
import { SAMPLE_DB, SAMPLE_PORT, SAMPLE_TOKEN, sampleSources } from './sources.js';

/**
 * Serves the committed fixtures on 127.0.0.1 and returns the config that points the pipeline at them.
 * A fixed port: article links (and so their dedup keys) include it, and must be the same every run.
 * `fresh` removes the sample database and its fusion model first.
 */
export async function startSample(options: { db?: string; fresh: boolean }) {
  const db = options.db ?? SAMPLE_DB;
  if (options.fresh) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
    // The sample's model registry (see pipeline/registry.ts), and the folder older versions used.
    rmSync(db.replace(/\.db$/, '.models'), { recursive: true, force: true });
    rmSync(path.join(path.dirname(db), 'fusion-model'), { recursive: true, force: true });
  }
  const server = await startFixtureServer({ token: SAMPLE_TOKEN, port: SAMPLE_PORT });
  return {
    overrides: { dbPath: db, sources: sampleSources(server.url), http: { allowPrivateHosts: ['127.0.0.1'] } },
    env: { FINSENT_TWITTER_BEARER: SAMPLE_TOKEN },
    cleanup: () => server.close(),
  };
}
