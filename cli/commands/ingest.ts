import { NonRetryableError } from '../../core/errors.js';
import { Option } from 'commander';
import { systemClock } from '../../core/clock.js';
import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { assertPath } from '../../core/files.js';
import { day, nonEmpty } from '../parse.js';

export const ingest = defineCommand<{ only?: string; articles: boolean }>()({
  path: 'ingest',
  description: 'fetch every enabled source once (feeds, social, prices), then the article text behind new feed items',
  options: (cmd) =>
    cmd
      .option('--only <ids>', 'comma-separated source ids to run', nonEmpty)
      .option('--no-articles', 'skip article pages'),
  async run(ctx, { opts }) {
    const { runIngest } = await import('../../ingest/run-ingest.js');
    const { fetchArticles } = await import('../../ingest/fetch-articles.js');
    const { buildSources } = await import('../../ingest/sources/index.js');
    let sources = buildSources(ctx.config.sources);
    if (opts.only) {
      const ids = new Set(opts.only.split(','));
      const unknown = [...ids].filter((id) => !sources.some((s) => s.id === id));
      if (unknown.length) throw new NonRetryableError(`--only: no enabled source with id ${unknown.join(', ')}`);
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
    return { sources: outcomes, articles };
  },
  print(r) {
    printTable(
      r.sources.map((opts) => ({
        source: opts.id,
        status: opts.status,
        fetched: opts.fetched,
        new: opts.inserted,
        updated: opts.updated,
        seen: opts.alreadyPresent,
        prices: opts.prices,
        error: opts.error ?? opts.warnings.join('; '),
      })),
    );
    const skipped = r.sources.filter((o) => o.skipped);
    for (const o of skipped)
      writeStdout(`${o.id}: ${o.skipped} price rows skipped (no close, no date or a value that is no price)\n`);
    const a = r.articles;
    if (a) writeStdout(`articles: ${a.done} extracted, ${a.failed} failed, ${a.pending} left pending\n`);
  },
  exitCode: (r) => (r.sources.some((opts) => opts.status === 'error' || opts.status === 'partial') ? 2 : 0),
});

export const importStocknet = defineCommand<{ before?: string }>()({
  path: 'import stocknet <dir>',
  description: 'import a StockNet (ACL18) folder: universe, daily prices and preprocessed tweets',
  options: (cmd) => cmd.option('--before <day>', 'only tweet files dated before this day (YYYY-MM-DD)', day),
  async run(ctx, { args: [dir], opts }) {
    assertPath(dir, 'folder');
    const { importStocknet } = await import('../../ingest/importers/stocknet.js');
    const bar = ctx.progress('tickers');
    const t0 = performance.now();
    try {
      const r = importStocknet(ctx.store(), dir, { before: opts.before, onProgress: (d, t) => bar.update(d, t) });
      return { ...r, seconds: (performance.now() - t0) / 1000 };
    } finally {
      bar.stop();
    }
  },
  print: (r) =>
    writeStdout(
      `stocknet: ${r.inserted} new documents (${r.alreadyPresent} already present) from ${r.files} files, ` +
        `${r.prices} price rows, ${r.tickers} tickers in ${r.seconds.toFixed(1)} s ` +
        `(${Math.round(r.tweets / r.seconds)} tweets/s)` +
        (r.skippedLines ? `; ${r.skippedLines} unreadable tweet lines skipped` : '') +
        (r.skippedPriceRows
          ? `; ${r.skippedPriceRows} price rows skipped (no close, no date or a value that is no price)`
          : '') +
        '\n',
    ),
});

interface ImportDocsOpts {
  source: string;
  kind: 'news' | 'filing' | 'social';
  format?: 'csv' | 'jsonl';
  keyCol?: string;
  textCol?: string;
  titleCol?: string;
  timeCol?: string;
  urlCol?: string;
  tickerCol?: string;
  delimiter?: ',' | ';' | 'tab' | '|';
}

export const importDocuments = defineCommand<ImportDocsOpts>()({
  path: 'import documents <file>',
  description: 'import documents from a CSV (with header) or JSONL file; columns are guessed unless given',
  options: (cmd) =>
    cmd
      .requiredOption('--source <id>', 'source id to file the documents under', nonEmpty)
      .addOption(new Option('--kind <kind>', 'document kind').choices(['news', 'filing', 'social']).default('social'))
      .addOption(new Option('--format <fmt>', 'default: from the file extension').choices(['csv', 'jsonl']))
      .option('--key-col <c>', "column holding each row's id, its key against duplicates (default: guessed)", nonEmpty)
      .option('--text-col <c>', 'column holding the text (default: guessed)', nonEmpty)
      .option('--title-col <c>', 'column holding the title (default: guessed)', nonEmpty)
      .option('--time-col <c>', 'column holding the publication time (default: guessed)', nonEmpty)
      .option('--url-col <c>', 'column holding the link (default: guessed)', nonEmpty)
      .option('--ticker-col <c>', 'column holding the tickers (default: guessed)', nonEmpty)
      .addOption(
        new Option('--delimiter <d>', "CSV field separator (default: the header's most frequent of these)").choices([
          ',',
          ';',
          'tab',
          '|',
        ]),
      ),
  async run(ctx, { args: [file], opts }) {
    assertPath(file, 'file');
    const { importDocuments } = await import('../../ingest/importers/documents.js');
    const columns = {
      key: opts.keyCol,
      text: opts.textCol,
      title: opts.titleCol,
      time: opts.timeCol,
      url: opts.urlCol,
      ticker: opts.tickerCol,
    };
    const r = await importDocuments(ctx.store(), file, {
      source: opts.source,
      kind: opts.kind,
      format: opts.format,
      linker: ctx.linker(),
      columns,
      delimiter: opts.delimiter === 'tab' ? '\t' : opts.delimiter,
    });
    return { file, ...r };
  },
  print: (r) =>
    writeStdout(
      `${r.file}: ${r.rows} rows, ${r.inserted} new, ${r.updated} updated, ${r.alreadyPresent} already present, ` +
        `${r.skipped} skipped (no text or key)` +
        (r.undated ? `, ${r.undated} without a readable time (stored; no day's sentiment counts them)` : '') +
        '\n',
    ),
});

export const importPrices = defineCommand<{ ticker?: string }>()({
  path: 'import prices <files...>',
  description: 'import daily OHLCV CSV files (Yahoo or Stooq columns); the ticker is the file name unless --ticker',
  options: (cmd) => cmd.option('--ticker <t>', 'ticker for a single file', nonEmpty),
  async run(ctx, { args, opts }) {
    const files = args.flat();
    for (const f of files) assertPath(f, 'file');
    if (opts.ticker && files.length > 1) throw new NonRetryableError('--ticker names the ticker of a single file');
    const { importPriceCsv } = await import('../../ingest/importers/prices.js');
    // One bad file does not stop the others; it is reported, and the exit code says some failed.
    return files.map((file) => {
      try {
        return { file, ...importPriceCsv(ctx.store(), file, opts.ticker) };
      } catch (err) {
        if (!(err instanceof NonRetryableError)) throw err;
        return { file, error: err.message };
      }
    });
  },
  print: (r) => {
    for (const x of r) {
      if ('error' in x) writeStdout(`${x.file}: not imported: ${x.error}\n`);
      else {
        const skipped = x.skipped ? `, ${x.skipped} rows skipped (no close, no date or a value that is no price)` : '';
        writeStdout(`${x.ticker}: ${x.rows} daily bars${skipped}\n`);
      }
    }
  },
  exitCode: (r) => (r.some((x) => 'error' in x) ? 2 : 0),
});

export const importUniverse = defineCommand()({
  path: 'import universe <file>',
  description:
    'add or update the tickers of a universe file (Sector<TAB>$SYMBOL<TAB>Company[<TAB>CIK<TAB>alias|alias]) and ' +
    'link the stored documents to them; no ticker is removed',
  async run(ctx, { args: [file] }) {
    assertPath(file, 'file');
    const { readUniverse } = await import('../../ingest/universe.js');
    const { listTickers, upsertTickers } = await import('../../db/tickers.js');
    const { TickerLinker } = await import('../../ingest/linker.js');
    const { relinkIfUniverseChanged, universeHash } = await import('../../ingest/relink.js');
    // The whole file is read and checked before the store is touched.
    const rows = readUniverse(file);
    const store = ctx.store();
    const known = new Set(listTickers(store.db).map((t) => t.symbol));
    store.tx(() => upsertTickers(store.db, rows));
    const tickers = listTickers(store.db);
    const stopList = ctx.config.tickerStopList;
    const relinked = relinkIfUniverseChanged(
      store,
      new TickerLinker(tickers, stopList),
      universeHash(tickers, stopList),
    );
    const added = rows.filter((r) => !known.has(r.symbol)).map((r) => r.symbol);
    return {
      file,
      tickers: rows.length,
      added,
      universe: tickers.length,
      documentsRelinked: relinked.documents,
      linksAdded: relinked.linksAdded,
    };
  },
  print: (r) =>
    writeStdout(
      `${r.file}: ${r.tickers} tickers, ${r.added.length} new${r.added.length ? ` (${r.added.join(' ')})` : ''}; ` +
        `universe ${r.universe}; ${r.linksAdded} links added over ${r.documentsRelinked} stored documents\n`,
    ),
});

export const extract = defineCommand()({
  path: 'extract <fileOrUrl>',
  description: 'extract {title, authors, published, description, body} from an article page (file or URL)',
  access: 'none',
  async run(ctx, { args: [target] }) {
    const { loadPage } = await import('../../ingest/load-page.js');
    const { extractArticle } = await import('../../ingest/article.js');
    const page = await loadPage(target, () => ctx.http());
    return extractArticle(page.html, page.contentType);
  },
  // The text form names what is missing rather than printing "null" or nothing; --json keeps the nulls.
  print: (a) =>
    writeStdout(
      [
        a.title ?? '(no title)',
        `${a.authors.join(', ') || 'no author'} | ${a.published ?? 'no date'}`,
        a.description ?? '',
        '',
        a.body || '(no article text found)',
        '',
      ].join('\n'),
    ),
});
