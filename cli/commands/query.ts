import { Argument, Option } from 'commander';
import { NonRetryableError } from '../../core/errors.js';
import type { DocQuery } from '../../db/queries.js';
import { EXPORT_COLUMNS, type ExportKind } from '../../serve/export-columns.js';
import { defineCommand } from '../command.js';
import { printTable, project, writeStdout } from '../output.js';
import { day, int, nonEmpty, num, ticker } from '../parse.js';

type Format = 'table' | 'json' | 'csv' | 'jsonl';
const formatOption = () =>
  new Option('--format <fmt>', 'output format').choices(['table', 'json', 'csv', 'jsonl']).default('table');

async function printRows(rows: Record<string, unknown>[], columns: readonly string[], format: Format) {
  if (format === 'table') return printTable(rows, columns);
  if (format === 'json') return writeStdout(`${JSON.stringify(project(rows, columns), null, 2)}\n`);
  const { formatRows } = await import('../../serve/export.js');
  writeStdout(formatRows(rows, columns, format));
}

const DOC_COLUMNS = ['published_at', 'source', 'tickers', 'label', 'score', 'title', 'body', 'url', 'id'];

async function checkTicker(db: import('../../db/store.js').DB, symbol: string | undefined) {
  const { knownTicker } = await import('../../db/queries.js');
  if (symbol !== undefined && !knownTicker(db, symbol)) throw new NonRetryableError(`unknown ticker: ${symbol}`);
}

interface DocsOpts extends Omit<DocQuery, 'limit' | 'offset'> {
  limit: number;
  format: Format;
}

export const queryDocs = defineCommand<DocsOpts>()({
  path: 'query docs',
  description: 'documents with their sentiment, newest first (or --sort relevance with --q)',
  access: 'read',
  options: (cmd) =>
    cmd
      .option('--ticker <t>', 'ticker', ticker)
      .option(
        '--min-relevance <r>',
        "with --ticker: only documents about it at least this much (0-1; a link's relevance, docs/schema.md)",
        num({ min: 0, max: 1 }),
      )
      .option('--from <day>', 'published on or after', day)
      .option('--to <day>', 'published on or before', day)
      .option('--q <text>', 'full-text search over title and body (FTS5 syntax)', nonEmpty)
      .addOption(new Option('--label <label>').choices(['positive', 'negative', 'neutral']))
      .option('--source <id>', 'source id', nonEmpty)
      .option('--model <id>', 'sentiment model id (default: the most used)', nonEmpty)
      .addOption(
        new Option('--sort <order>', 'relevance ranks by BM25 against --q')
          .choices(['newest', 'relevance'])
          .default('newest'),
      )
      .option('--limit <n>', 'rows', int({ min: 1, max: 10_000 }), 20)
      .addOption(formatOption()),
  async run(ctx, { opts }) {
    const { queryDocuments, isFtsSyntaxError } = await import('../../db/queries.js');
    if (opts.minRelevance !== undefined && !opts.ticker) throw new NonRetryableError('--min-relevance needs --ticker');
    const db = ctx.store().db;
    await checkTicker(db, opts.ticker);
    try {
      return project(queryDocuments(db, opts) as never, DOC_COLUMNS);
    } catch (err) {
      if (opts.q && isFtsSyntaxError(err))
        throw new NonRetryableError(`bad full-text query (FTS5 syntax): ${opts.q}`, { cause: err });
      throw err;
    }
  },
  print: (rows, { opts }) => printRows(rows, DOC_COLUMNS, opts.format),
});

interface SentimentOpts {
  ticker: string;
  from?: string;
  to?: string;
  model?: string;
  format: Format;
}

export const querySentiment = defineCommand<SentimentOpts>()({
  path: 'query sentiment',
  description: 'daily sentiment series of one ticker (with the adjusted close)',
  access: 'read',
  options: (cmd) =>
    cmd
      .requiredOption('--ticker <t>', 'ticker', ticker)
      .option('--from <day>', 'first day', day)
      .option('--to <day>', 'last day', day)
      .option('--model <id>', 'model id', nonEmpty)
      .addOption(formatOption()),
  async run(ctx, { opts }) {
    const { dailySentiment } = await import('../../db/queries.js');
    const db = ctx.store().db;
    await checkTicker(db, opts.ticker);
    return project(dailySentiment(db, opts) as never, EXPORT_COLUMNS.sentiment);
  },
  print: (rows, { opts }) => printRows(rows, EXPORT_COLUMNS.sentiment, opts.format),
});

export const querySignals = defineCommand<{ date?: string; latest?: boolean; model?: string; format: Format }>()({
  path: 'query signals',
  description: 'signals for a session (--date) or the latest session (--latest, the default)',
  access: 'read',
  options: (cmd) =>
    cmd
      .option('--date <day>', 'session', day)
      .option('--latest', 'the latest session with signals (default)')
      .option('--model <id>', 'model id', nonEmpty)
      .addOption(formatOption()),
  async run(ctx, { opts }) {
    if (opts.date && opts.latest) throw new Error('give --date or --latest, not both');
    const { signalsFor } = await import('../../db/queries.js');
    return project(signalsFor(ctx.store().db, { date: opts.date, model: opts.model }) as never, EXPORT_COLUMNS.signals);
  },
  print: (rows, { opts }) => printRows(rows, EXPORT_COLUMNS.signals, opts.format),
});

interface ExportOpts {
  from?: string;
  to?: string;
  ticker?: string;
  minRelevance?: number;
  model?: string;
  format: 'csv' | 'jsonl';
  out: string;
}

export const exportCommand = defineCommand<ExportOpts>()({
  path: 'export',
  description: 'export signals | sentiment | docs to CSV or JSONL with a stable schema (docs/schema.md)',
  access: 'read',
  options: (cmd) =>
    cmd
      .addArgument(new Argument('<what>', 'what to export').choices(Object.keys(EXPORT_COLUMNS)))
      .option('--from <day>', 'first day', day)
      .option('--to <day>', 'last day', day)
      .option('--ticker <t>', 'ticker', ticker)
      .option(
        '--min-relevance <r>',
        'docs with --ticker: only those about it at least this much (0-1)',
        num({ min: 0, max: 1 }),
      )
      .option('--model <id>', 'model id', nonEmpty)
      .addOption(new Option('--format <fmt>').choices(['csv', 'jsonl']).default('csv'))
      .requiredOption('--out <file>', 'file to write', nonEmpty),
  async run(ctx, { args: [what], opts }) {
    const { writeExport } = await import('../../serve/export.js');
    if (opts.minRelevance !== undefined && (what !== 'docs' || !opts.ticker))
      throw new NonRetryableError('--min-relevance filters docs only, and needs --ticker');
    const db = ctx.store().db;
    await checkTicker(db, opts.ticker);
    const r = await writeExport(db, what as ExportKind, opts.format, opts.out, opts);
    return { ...r, what };
  },
  // Written to a device or pipe (/dev/stdout), the rows are what stdout carries; the count goes to stderr.
  print: (r) => {
    const line = `${r.rows} ${r.what} rows written to ${r.file}\n`;
    if (r.inPlace) process.stderr.write(line);
    else writeStdout(line);
  },
});
