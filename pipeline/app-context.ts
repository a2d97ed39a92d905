import { systemClock } from '../core/clock.js';
import { type Config, loadConfig, storeTarget } from '../core/config.js';
import { HttpClient } from '../core/http.js';
import { createLogger, type LogFormat, type Logger } from '../core/log.js';
import { openStore, type Store } from '../db/store.js';
import { listTickers, upsertTickers } from '../db/tickers.js';
import { TickerLinker } from '../ingest/linker.js';
import { readUniverse } from '../ingest/universe.js';

/** Reports progress of long work: a bar on a terminal, periodic lines elsewhere, nothing in tests. */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}
export type ProgressFactory = (label: string) => Progress;
export const noProgress: ProgressFactory = () => ({ update: () => {}, stop: () => {} });

/**
 * Everything the pipeline and the commands share, built once at the entry point from the validated config.
 * The store, HTTP client and linker are opened on first use, so a command that needs none of them opens
 * nothing; `close` releases whatever was opened.
 */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  /** Secrets (API tokens) by name; read once at the entry point, never from process.env below it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly progress: ProgressFactory;
  store(): Store;
  http(): HttpClient;
  linker(): TickerLinker;
  close(): void;
}

export interface AppContextOptions {
  configFile?: string;
  env?: Record<string, string | undefined>;
  /** Values that win over the file and the environment (command-line flags). */
  overrides?: Record<string, unknown>;
  logFormat?: LogFormat;
  logLevel?: string;
  progress?: ProgressFactory;
  /** Open the database read-only and refuse a missing one (query, export, serve). */
  readonly?: boolean;
}

export function createAppContext(options: AppContextOptions = {}): AppContext {
  const env = options.env ?? {};
  const config = loadConfig({ file: options.configFile, env, overrides: options.overrides });
  const logger = createLogger({
    format: options.logFormat ?? (env.FINSENT_LOG_FORMAT as LogFormat | undefined),
    level: options.logLevel ?? env.FINSENT_LOG_LEVEL,
  });
  let store: Store | undefined;
  let http: HttpClient | undefined;
  let linker: TickerLinker | undefined;
  const ctx: AppContext = {
    config,
    logger,
    env,
    progress: options.progress ?? noProgress,
    store: () => {
      store ??= openStore(storeTarget(config), { readonly: options.readonly });
      return store;
    },
    http: () => {
      http ??= new HttpClient({ ...config.http, logger, clock: systemClock });
      return http;
    },
    linker: () => {
      if (!linker) {
        const db = ctx.store().db;
        // The universe file seeds the tickers table once; later edits in the table (CIKs, aliases) win.
        if (!listTickers(db).length) upsertTickers(db, readUniverse(config.universe));
        linker = new TickerLinker(listTickers(db), config.tickerStopList);
      }
      return linker;
    },
    close: () => {
      store?.close();
      store = undefined;
    },
  };
  return ctx;
}
