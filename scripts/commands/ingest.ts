import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { systemClock } from '../../core/clock.js';
import { extractArticle } from '../../ingest/article.js';
import { fetchArticles } from '../../ingest/fetch-articles.js';
import { importDocuments } from '../../ingest/importers/documents.js';
import { importPriceCsv } from '../../ingest/importers/prices.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { runIngest } from '../../ingest/run-ingest.js';
import { buildSources } from '../../ingest/sources.js';
import { createContext, globals, output } from '../context.js';
import { progress } from '../progress.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('fetch every enabled source once (feeds, social, prices), then the article text behind new feed items')
    .option('--only <ids>', 'comma-separated source ids to run')
    .option('--no-articles', 'skip fetching article pages')
    .action(async (opts, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        let sources = buildSources(ctx.config);
        if (opts.only) {
          const ids = new Set(String(opts.only).split(','));
          sources = sources.filter((s) => ids.has(s.id));
        }
        const deps = {
          store: ctx.store(),
          http: ctx.http(),
          clock: systemClock,
          logger: ctx.logger,
          linker: ctx.linker(),
          env: ctx.env,
        };
        const outcomes = await runIngest(sources, deps);
        const articles = opts.articles ? await fetchArticles(deps) : null;
        output(g, { sources: outcomes, articles }, () => {
          console.table(
            outcomes.map((o) => ({
              source: o.id,
              status: o.status,
              fetched: o.fetched,
              new: o.inserted,
              updated: o.updated,
              seen: o.alreadyPresent,
              prices: o.prices,
              error: o.error?.slice(0, 80) ?? '',
            })),
          );
          if (articles)
            console.log(
              `articles: ${articles.done} extracted, ${articles.failed} failed, ${articles.pending} left pending`,
            );
        });
        if (outcomes.some((o) => o.status === 'error')) process.exitCode = 2;
      } finally {
        ctx.close();
      }
    });

  const imp = program.command('import').description('bulk importers for historical data');
  imp
    .command('stocknet <dir>')
    .description('import a StockNet (ACL18) folder: universe, daily prices and preprocessed tweets')
    .option('--before <date>', 'only tweet files dated before this day (YYYY-MM-DD)')
    .action((dir, opts, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const bar = progress('tickers', g.json);
        const t0 = Date.now();
        const r = importStocknet(ctx.store(), dir, {
          before: opts.before,
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        const seconds = (Date.now() - t0) / 1000;
        output(g, { ...r, seconds }, () =>
          console.log(
            `stocknet: ${r.inserted} new documents (${r.alreadyPresent} already present) from ${r.files} files, ${r.prices} price rows, ${r.tickers} tickers in ${seconds.toFixed(1)} s (${Math.round(r.tweets / seconds)} tweets/s)`,
          ),
        );
      } finally {
        ctx.close();
      }
    });
  imp
    .command('documents <file>')
    .description('import documents from a CSV (with header) or JSONL file; columns are guessed unless given')
    .requiredOption('--source <id>', 'source id to file the documents under')
    .option('--kind <kind>', 'news | filing | social', 'social')
    .option('--format <fmt>', 'csv | jsonl (default: from the file extension)')
    .option('--key-col <c>')
    .option('--text-col <c>')
    .option('--title-col <c>')
    .option('--time-col <c>')
    .option('--url-col <c>')
    .option('--ticker-col <c>')
    .action(async (file, o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const r = await importDocuments(ctx.store(), file, {
          source: o.source,
          kind: o.kind,
          format: o.format,
          linker: ctx.linker(),
          columns: {
            key: o.keyCol,
            text: o.textCol,
            title: o.titleCol,
            time: o.timeCol,
            url: o.urlCol,
            ticker: o.tickerCol,
          },
        });
        output(g, r, () =>
          console.log(
            `${file}: ${r.rows} rows, ${r.inserted} new, ${r.updated} updated, ${r.alreadyPresent} already present, ${r.skipped} skipped (no text or key)`,
          ),
        );
      } finally {
        ctx.close();
      }
    });
  imp
    .command('prices <files...>')
    .description('import daily OHLCV CSV files (Yahoo or Stooq columns); the ticker is the file name unless --ticker')
    .option('--ticker <t>', 'ticker for a single file')
    .action((files: string[], o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const r = files.map((f) => importPriceCsv(ctx.store(), f, files.length === 1 ? o.ticker : undefined));
        output(g, r, () => r.forEach((x) => console.log(`${x.ticker}: ${x.rows} daily bars`)));
      } finally {
        ctx.close();
      }
    });

  program
    .command('extract <fileOrUrl>')
    .description('extract {title, authors, published, description, body} from an article page (file or URL)')
    .action(async (target: string, _o, cmd) => {
      const g = globals(cmd);
      let html: Buffer;
      let type: string | undefined;
      if (/^https?:\/\//.test(target)) {
        const ctx = createContext(g);
        const res = await ctx.http().get(target, { headers: { accept: 'text/html' } });
        html = res.body;
        type = res.headers.get('content-type') ?? undefined;
      } else html = readFileSync(target);
      const a = extractArticle(html, type);
      output(g, a, () =>
        console.log(
          `${a.title}\n${a.authors.join(', ')} | ${a.published ?? 'no date'}\n${a.description ?? ''}\n\n${a.body}`,
        ),
      );
    });
}
