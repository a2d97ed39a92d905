import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requirePostgres, type TestPostgres } from './postgres.js';

export type BackendKind = 'sqlite' | 'postgres';

export interface Backend {
  kind: BackendKind;
  /** A new, empty store target: a SQLite file in a temporary folder, or a new PostgreSQL database. */
  fresh(): string;
}

/**
 * Declares the same suite once per backend ("… (sqlite)", "… (postgres)"). The PostgreSQL copy skips with the
 * reason when no server can be had (see test/support/postgres.ts), unless FINSENT_REQUIRE_POSTGRES=1.
 */
export function describeOnBackends(title: string, body: (backend: Backend) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${title} (${kind})`, () => {
      let pg: TestPostgres | undefined;
      if (kind === 'postgres')
        before(function () {
          pg = requirePostgres(this);
        });
      body({
        kind,
        fresh: () => {
          if (kind === 'sqlite') return path.join(mkdtempSync(path.join(os.tmpdir(), 'finsent-contract-')), 's.db');
          if (!pg) throw new Error('PostgreSQL suite used before its before hook ran');
          return pg.freshDatabase();
        },
      });
    });
  }
}
