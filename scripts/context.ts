import type { Command } from 'commander';
import { loadConfig, type Config } from '../core/config.js';
import { HttpClient } from '../core/http.js';
import { createLogger, type Logger, type LogFormat } from '../core/log.js';
import { systemClock } from '../core/clock.js';
import { openStore, type Store } from '../db/store.js';
import { listTickers, upsertTickers } from '../db/tickers.js';
import { TickerLinker } from '../ingest/linker.js';
import { readUniverse } from '../ingest/universe.js';

export interface GlobalOpts {
  config?: string;
  db?: string;
  logFormat?: LogFormat;
  logLevel?: string;
  json?: boolean;
}

/** Everything a command needs, built once from the global flags at the edge. */
export interface AppContext {
  config: Config;
  logger: Logger;
  env: Record<string, string | undefined>;
  store(): Store;
  http(): HttpClient;
  linker(): TickerLinker;
  close(): void;
}

export function globals(cmd: Command): GlobalOpts {
  return cmd.optsWithGlobals() as GlobalOpts;
}

export function createContext(
  g: GlobalOpts,
  overrides: Record<string, unknown> = {},
  extraEnv: Record<string, string> = {},
): AppContext {
  const env = { ...process.env, ...extraEnv };
  const config = loadConfig({ file: g.config, env, overrides: { dbPath: g.db, ...overrides } });
  const logger = createLogger({
    format: g.logFormat ?? (env.FINSENT_LOG_FORMAT as LogFormat | undefined),
    level: g.logLevel ?? env.FINSENT_LOG_LEVEL,
  });
  let store: Store | undefined;
  let http: HttpClient | undefined;
  let linker: TickerLinker | undefined;
  const ctx: AppContext = {
    config,
    logger,
    env,
    store: () => (store ??= openStore(config.dbPath)),
    http: () => (http ??= new HttpClient({ ...config.http, logger, clock: systemClock })),
    linker: () => {
      if (!linker) {
        const db = ctx.store().db;
        // The universe file seeds the tickers table once; later edits in the table (CIKs, aliases) win.
        if (!listTickers(db).length) upsertTickers(db, readUniverse(config.universe));
        linker = new TickerLinker(listTickers(db), config.tickerStopList);
      }
      return linker;
    },
    close: () => store?.close(),
  };
  return ctx;
}

/** Prints `value` as JSON when --json is set, else via `human`. */
export function output(g: GlobalOpts, value: unknown, human: () => void): void {
  if (g.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else human();
}
