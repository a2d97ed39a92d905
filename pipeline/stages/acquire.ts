import { systemClock } from '../../core/clock.js';
import { listTickers } from '../../db/tickers.js';
import type { NightlyContext } from '../nightly-context.js';
import { step } from '../stage.js';

const deps = (ctx: NightlyContext) => ({
  store: ctx.store,
  http: ctx.app.http(),
  clock: systemClock,
  logger: ctx.app.logger,
  linker: ctx.app.linker(),
  env: ctx.app.env,
});

/** Bulk import of a StockNet folder (the offline sample uses it); nothing to do without one. */
export const importStage = step<NightlyContext>(
  'import',
  async (ctx) => {
    const dir = ctx.options.importStocknetDir!;
    const { importStocknet } = await import('../../ingest/importers/stocknet.js');
    const bar = ctx.app.progress('import');
    try {
      return { ...importStocknet(ctx.store, dir, { onProgress: (d, t) => bar.update(d, t) }) };
    } finally {
      bar.stop();
    }
  },
  (ctx) => !!ctx.options.importStocknetDir,
);

/** Every enabled source once; a failing source is counted and listed, the others land. */
export const ingestStage = step<NightlyContext>('ingest', async (ctx) => {
  const { runIngest } = await import('../../ingest/run-ingest.js');
  const { buildSources } = await import('../../ingest/sources/index.js');
  const out = await runIngest(buildSources(ctx.app.config.sources), deps(ctx));
  const sum = (k: 'inserted' | 'updated' | 'prices' | 'skipped') => out.reduce((a, x) => a + x[k], 0);
  return {
    sources: out.length,
    inserted: sum('inserted'),
    updated: sum('updated'),
    prices: sum('prices'),
    sourceErrors: out.filter((x) => x.status === 'error').map((e) => `${e.id}: ${e.error}`),
    sourceWarnings: out.flatMap((x) => x.warnings.map((w) => `${x.id}: ${w}`)),
    skippedPriceRows: sum('skipped'),
  };
});

/** The article pages behind new feed items. */
export const articlesStage = step<NightlyContext>('articles', async (ctx) => {
  const { fetchArticles } = await import('../../ingest/fetch-articles.js');
  return { ...(await fetchArticles(deps(ctx))) };
});

/** Re-links stored documents only when the universe changed since they were linked. */
export const linkStage = step<NightlyContext>('link', async (ctx) => {
  const { relinkIfUniverseChanged, universeHash } = await import('../../ingest/relink.js');
  const linker = ctx.app.linker();
  return relinkIfUniverseChanged(
    ctx.store,
    linker,
    universeHash(listTickers(ctx.store.db), ctx.app.config.tickerStopList),
  );
});
