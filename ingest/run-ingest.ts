import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { HttpClient } from '../core/http.js';
import type { Logger } from '../core/log.js';
import { upsertDocuments, type DocumentInput } from '../db/documents.js';
import { upsertPrices } from '../db/prices.js';
import { ensureSource, getSourceState, recordError, recordSuccess } from '../db/sources.js';
import type { Store } from '../db/store.js';
import type { TickerLinker } from './linker.js';
import type { Source } from './source.js';

export interface SourceOutcome {
  id: string;
  /** `partial`: some of the source's parts (symbols) failed and are listed in `warnings`; the rest landed. */
  status: 'ok' | 'not-modified' | 'partial' | 'error';
  fetched: number;
  inserted: number;
  updated: number;
  alreadyPresent: number;
  prices: number;
  /** Price rows the source sent that could not be stored (no close, or a date that is not a calendar day). */
  skipped: number;
  warnings: string[];
  error?: string;
}

export interface IngestDeps {
  store: Store;
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  linker: TickerLinker;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** Adds the linker's tickers to what the source already knew (e.g. StockTwits' symbols array). */
export function linkItems(items: DocumentInput[], linker: TickerLinker): DocumentInput[] {
  return items.map((d) => {
    const known = (d.tickers ?? []).filter((t) => linker.has(t.ticker));
    const found = linker.link(d.body ?? '', {
      title: d.title,
      cik: (d.extra?.cik as string | undefined) ?? null,
      filer: (d.extra?.filer as string | undefined) ?? null,
    });
    const seen = new Set(known.map((t) => t.ticker));
    return { ...d, tickers: [...known, ...found.filter((t) => !seen.has(t.ticker))] };
  });
}

/**
 * Runs every source once, concurrently (per-host queues in the HTTP client keep each host polite).
 * A source that fails is recorded as that source's error and the others carry on; each source's
 * items land in one transaction with its fetch state, so a kill never leaves half a feed behind.
 */
export async function runIngest(sources: Source[], deps: IngestDeps): Promise<SourceOutcome[]> {
  const { store, logger } = deps;
  return Promise.all(
    sources.map(async (src): Promise<SourceOutcome> => {
      ensureSource(store.db, src.id, src.type, src.url ?? null);
      const base = {
        id: src.id,
        fetched: 0,
        inserted: 0,
        updated: 0,
        alreadyPresent: 0,
        prices: 0,
        skipped: 0,
        warnings: [] as string[],
      };
      try {
        const res = await src.fetchNew({
          http: deps.http,
          clock: deps.clock,
          logger,
          state: getSourceState(store.db, src.id),
          env: deps.env,
          signal: deps.signal,
        });
        const now = deps.clock.now().toISOString();
        const items = linkItems(res.items, deps.linker);
        const warnings = res.warnings ?? [];
        const out = store.tx(() => {
          const r = upsertDocuments(store.db, items, now);
          if (res.prices?.length) upsertPrices(store.db, res.prices, src.id);
          recordSuccess(store.db, src.id, now, { ...res.state, items: r.inserted }, warnings.join('; ') || null);
          return r;
        });
        const outcome: SourceOutcome = {
          ...base,
          status: warnings.length ? 'partial' : res.notModified ? 'not-modified' : 'ok',
          fetched: items.length,
          inserted: out.inserted,
          updated: out.updated,
          alreadyPresent: out.alreadyPresent,
          prices: res.prices?.length ?? 0,
          skipped: res.skipped ?? 0,
          warnings,
        };
        if (warnings.length) logger.warn({ source: src.id, ...outcome }, 'source partly failed');
        else logger.info({ source: src.id, ...outcome }, 'source done');
        return outcome;
      } catch (err) {
        const message = errorMessage(err);
        recordError(store.db, src.id, deps.clock.now().toISOString(), message);
        logger.error({ source: src.id, err: message }, 'source failed');
        return { ...base, status: 'error', error: message };
      }
    }),
  );
}
