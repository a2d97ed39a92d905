import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { ConfigError } from './errors.js';

import { type SourceConfig, sourceSchema } from '../ingest/sources/index.js';
import { PROJECT_ROOT } from './paths.js';

export { PROJECT_ROOT };

export { type SourceConfig, sourceSchema };

const MiB = 2 ** 20;

function isCron(expr: string): boolean {
  try {
    new Cron(expr, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z.strictObject({
  /** SQLite file; ':memory:' for tests. Unused when `db.url` names a PostgreSQL server. @default "finsent.db" */
  dbPath: z.string().default('finsent.db'),
  db: z
    .strictObject({
      /**
       * A PostgreSQL database to use instead of the SQLite file (env FINSENT_DB_URL).
       * @example "postgres://finsent@db.internal:5432/finsent"
       */
      url: z
        .string()
        .regex(/^postgres(ql)?:\/\//i, 'expected a postgres:// or postgresql:// URL')
        .optional(),
    })
    .prefault({}),
  /** The scoring queue behind `finsent score --worker` and `finsent nightly --distributed`. */
  queue: z
    .strictObject({
      /** Documents per job: what one worker claims at a time. @default 512 */
      batchDocuments: z.number().int().min(1).max(100_000).default(512),
      /** A running job whose worker sent no heartbeat for this long is claimed again. @default 120 */
      visibilityTimeoutSeconds: z.number().min(1).max(86_400).default(120),
      /** How often an idle worker looks for work, and the nightly for progress. @default 2 */
      pollSeconds: z.number().min(0.05).max(3600).default(2),
      /** With --distributed: if no worker claims a job for this long, the nightly scores in-process. @default 120 */
      workerWaitSeconds: z.number().min(0).max(86_400).default(120),
      /** Tries per job before it is marked failed. @default 3 */
      maxAttempts: z.number().int().min(1).max(100).default(3),
    })
    .prefault({}),
  /** Universe file in StockNet's StockTable format (Sector<TAB>$SYMBOL<TAB>Company). */
  universe: z.string().default(path.join(PROJECT_ROOT, 'fixtures/universe/StockTable')),
  /** Tickers that are also common words are only linked from a cashtag, never from bare text. */
  tickerStopList: z
    .array(z.string())
    .default([
      'A',
      'ALL',
      'ARE',
      'CAN',
      'CAT',
      'D',
      'FOR',
      'IT',
      'K',
      'MA',
      'ON',
      'ONE',
      'OR',
      'SO',
      'T',
      'UPS',
      'V',
      'NEE',
      'BA',
      'PM',
      'GE',
    ]),
  sources: z.array(sourceSchema).default([]),
  http: z
    .strictObject({
      userAgent: z.string().default('finsent/0.1 (+https://example.invalid/finsent)'),
      perHostConcurrency: z.number().int().min(1).default(2),
      /** Requests in flight at once over all hosts; each holds up to its body limit in memory. @default 16 */
      maxConcurrency: z.number().int().min(1).max(256).default(16),
      perHostIntervalMs: z.number().int().min(0).default(1000),
      perHostIntervalCap: z.number().int().min(1).default(4),
      timeoutMs: z.number().int().positive().default(20_000),
      maxRetries: z.number().int().min(0).max(10).default(3),
      baseDelayMs: z.number().int().min(0).default(500),
      /** Redirects followed per request; each hop is checked like the first URL. @default 5 */
      maxRedirects: z.number().int().min(0).max(20).default(5),
      /** Body limits in bytes, after decompression. @default { page: 5 MiB, feed: 20 MiB, api: 10 MiB } */
      maxBytes: z
        .strictObject({
          page: z
            .number()
            .int()
            .min(1024)
            .default(5 * MiB),
          feed: z
            .number()
            .int()
            .min(1024)
            .default(20 * MiB),
          api: z
            .number()
            .int()
            .min(1024)
            .default(10 * MiB),
        })
        .prefault({}),
      /**
       * Loopback or private hosts (names or addresses) that may be fetched; "*" allows every host. Everything
       * else internal is refused, for feed URLs, redirects and article links alike. @default []
       */
      allowPrivateHosts: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  schedule: z
    .strictObject({
      /** Cron expression for `finsent daemon` (croner syntax, with seconds optional). @default "0 2 * * 1-5" */
      cron: z.string().refine(isCron, 'not a valid cron expression').default('0 2 * * 1-5'),
      timezone: z.string().refine(isTimeZone, 'not an IANA time zone').default('America/New_York'),
      /** Retrain the fusion model when the last one is older than this many days. */
      retrainEveryDays: z.number().int().min(1).default(7),
    })
    .prefault({}),
  model: z
    .strictObject({
      /** Local HF-format folder, or a hub id such as "Xenova/finbert" where the network allows. */
      name: z.string().default(path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment')),
      dtype: z.enum(['fp32', 'q8']).default('q8'),
      device: z.enum(['cpu', 'cuda', 'webgpu']).default('cpu'),
      /** Within noise of 8 and 32 on 2 cores (npm run bench:score-sweep); smaller batches pad less. */
      batchSize: z.number().int().min(1).max(1024).default(16),
      maxTokens: z.number().int().min(8).max(512).default(64),
      threads: z.number().int().min(0).default(0),
      /**
       * Scoring threads, each with its own copy of the model on one intra-op thread, scoring whole batches side by
       * side (nlp/score-pool.ts). 0: one per core on the CPU with `threads` left at 0, else 1 (this thread only).
       */
      scoringThreads: z.number().int().min(0).max(64).default(0),
      allowRemote: z.boolean().default(false),
    })
    .prefault({}),
  fusion: z
    .strictObject({
      window: z.number().int().min(1).max(30).default(5),
      /** Minutes after the close (16:00 US/Eastern) of the previous session that still count for day d. */
      cutoffOffsetMinutes: z.number().int().default(0),
      /**
       * The fusion model registry: one folder per trained model, never overwritten. Relative paths are beside
       * the database. @default "<database name>.models" (so two databases in one folder never share models)
       */
      modelDir: z.string().optional(),
      costBps: z.number().min(0).default(5),
      /**
       * How the nightly model z-scores its features: over all training samples, per ticker, or across each
       * session's tickers first (docs/evaluation.md, walk-forward). @default "cross-section"
       */
      normalise: z.enum(['pooled', 'ticker', 'cross-section']).default('cross-section'),
      /** Seeds averaged into the nightly model (a seed ensemble, saved as one model). @default 3 */
      ensemble: z.number().int().min(1).max(20).default(3),
      /**
       * The nightly network: logistic regression over the window, the LSTM, or the LSTM with temporal attention
       * (ALSTM), trained plainly or adversarially; all walk-forward validated, docs/evaluation.md. @default "logistic"
       */
      model: z.enum(['logistic', 'lstm', 'alstm', 'adv-alstm']).default('logistic'),
      /**
       * The sentiment features: each session's daily ones, or those plus decayed ones (half-lives of 5 and 20
       * sessions). @default "decay"
       */
      sentimentFeatures: z.enum(['daily', 'decay']).default('decay'),
    })
    .prefault({}),
  portfolio: z
    .strictObject({
      /** @default "long-only" */
      method: z.enum(['long-only', 'long-short']).default('long-only'),
      /** Risk aversion λ in ½ λ wᵀΣw − μᵀw. @default 10 */
      lambda: z.number().positive().default(10),
      /** Largest |weight| of one name (long-only: raised to 1/n when fewer names would not fill the book). */
      cap: z.number().positive().max(1).default(0.1),
      /** Long-short: largest gross exposure Σ|w|. @default 2 */
      gross: z.number().positive().max(10).default(2),
      /** Sessions of returns for the covariance. @default 250 */
      window: z.number().int().min(20).max(2000).default(250),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8787),
      /** Name of the environment variable holding the bearer token. Required off loopback. */
      tokenEnv: z.string().default('FINSENT_API_TOKEN'),
    })
    .prefault({}),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** What `openStore` opens: the PostgreSQL URL when one is configured, else the SQLite file. */
export const storeTarget = (config: Config): string => config.db.url ?? config.dbPath;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const jsonKind = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`);

/** Formats zod issues as "field.path: message" lines so a user can find the field in the file. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/**
 * Loads the one config: defaults < file < environment (FINSENT_DB, FINSENT_MODEL) < explicit overrides.
 * Throws ConfigError naming each bad field. Nothing else in finsent reads process.env.
 */
export function loadConfig(
  opts: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {},
): Config {
  const env = opts.env ?? {};
  let fromFile: Record<string, unknown> = {};
  const file =
    opts.file ?? env.FINSENT_CONFIG ?? (existsSync('finsent.config.json') ? 'finsent.config.json' : undefined);
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new ConfigError(`cannot read config file ${file}: ${(cause as Error).message}`, { cause });
    }
    if (!fromFile || typeof fromFile !== 'object' || Array.isArray(fromFile))
      throw new ConfigError(`invalid config in ${file}: expected a JSON object, got ${jsonKind(fromFile)}`);
    // Relative paths in a config file are relative to that file, not to wherever finsent is run from.
    const dir = path.dirname(path.resolve(file));
    for (const key of ['dbPath', 'universe'] as const) {
      const v = fromFile[key];
      if (typeof v === 'string' && v !== ':memory:' && !path.isAbsolute(v)) fromFile[key] = path.join(dir, v);
    }
  }
  const merged: Record<string, any> = { ...fromFile };
  if (env.FINSENT_DB) merged.dbPath = env.FINSENT_DB;
  if (env.FINSENT_DB_URL) merged.db = { ...(merged.db ?? {}), url: env.FINSENT_DB_URL };
  if (env.FINSENT_MODEL) merged.model = { ...(merged.model ?? {}), name: env.FINSENT_MODEL };
  for (const [k, v] of Object.entries(opts.overrides ?? {})) {
    if (v === undefined) continue;
    // A block of flags (`--model`, `--batch-size`...) names every field, unset ones as undefined: only those given
    // override the file, or a command run without flags would drop the file's whole block.
    const given = (o: object) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
    if (v && typeof v === 'object' && !Array.isArray(v)) merged[k] = { ...(merged[k] ?? {}), ...given(v) };
    else merged[k] = v;
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success)
    throw new ConfigError(`invalid config${file ? ` in ${file}` : ''}:\n${formatIssues(parsed.error)}`);
  const ids = parsed.data.sources.map((s) => s.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new ConfigError(`invalid config: sources: duplicate source id "${dup}"`);
  return deepFreeze(parsed.data);
}
