import type { Command } from 'commander';
import { Option } from 'commander';
import { NonRetryableError } from '../../core/errors.js';
import { dailySentiment, knownTicker, queryDocuments, signalsFor } from '../../db/queries.js';
import { EXPORT_COLUMNS, formatRows, writeExport, type ExportKind } from '../../serve/export.js';
import { createContext, globals } from '../context.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
function day(v: string): string {
  if (!DAY.test(v) || Number.isNaN(Date.parse(v))) throw new NonRetryableError(`not a date (YYYY-MM-DD): ${v}`);
  return v;
}

function print(rows: Record<string, unknown>[], columns: readonly string[], format: string, json: boolean): void {
  const f = json ? 'json' : format;
  if (f === 'json')
    process.stdout.write(
      `${JSON.stringify(
        rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))),
        null,
        2,
      )}\n`,
    );
  else if (f === 'csv' || f === 'jsonl') process.stdout.write(formatRows(rows, columns, f));
  else
    console.table(
      rows.map((r) =>
        Object.fromEntries(
          columns.map((c) => [
            c,
            typeof r[c] === 'string' && (r[c] as string).length > 70
              ? `${(r[c] as string).slice(0, 67)}...`
              : typeof r[c] === 'number' && !Number.isInteger(r[c])
                ? +(r[c] as number).toFixed(4)
                : r[c],
          ]),
        ),
      ),
    );
}

const formatOpt = () =>
  new Option('--format <fmt>', 'output format').choices(['table', 'json', 'csv', 'jsonl']).default('table');

export function registerQuery(program: Command): void {
  const q = program.command('query').description('read documents, daily sentiment and signals from the store');
  q.command('docs')
    .description('documents with their sentiment, newest first')
    .option('--ticker <t>')
    .option('--from <day>', 'published on or after', day)
    .option('--to <day>', 'published on or before', day)
    .option('--q <text>', 'full-text search over title and body (FTS5 syntax)')
    .addOption(new Option('--label <label>').choices(['positive', 'negative', 'neutral']))
    .option('--source <id>')
    .option('--model <id>', 'sentiment model id (default: the most used)')
    .option('--limit <n>', 'rows', (v) => Number(v), 20)
    .addOption(formatOpt())
    .action((o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        if (o.ticker && !knownTicker(ctx.store().db, o.ticker))
          throw new NonRetryableError(`unknown ticker: ${o.ticker}`);
        print(
          queryDocuments(ctx.store().db, o) as never,
          ['published_at', 'source', 'tickers', 'label', 'score', 'title', 'body', 'url', 'id'],
          o.format,
          !!g.json,
        );
      } finally {
        ctx.close();
      }
    });
  q.command('sentiment')
    .description('daily sentiment series of one ticker (with the adjusted close)')
    .requiredOption('--ticker <t>')
    .option('--from <day>', '', day)
    .option('--to <day>', '', day)
    .option('--model <id>')
    .addOption(formatOpt())
    .action((o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        if (!knownTicker(ctx.store().db, o.ticker)) throw new NonRetryableError(`unknown ticker: ${o.ticker}`);
        print(dailySentiment(ctx.store().db, o) as never, EXPORT_COLUMNS.sentiment, o.format, !!g.json);
      } finally {
        ctx.close();
      }
    });
  q.command('signals')
    .description('signals for a session (--date) or the latest session (--latest, the default)')
    .option('--date <day>', '', day)
    .option('--latest')
    .option('--model <id>')
    .addOption(formatOpt())
    .action((o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        print(
          signalsFor(ctx.store().db, { date: o.date, model: o.model }) as never,
          EXPORT_COLUMNS.signals,
          o.format,
          !!g.json,
        );
      } finally {
        ctx.close();
      }
    });

  program
    .command('export <what>')
    .description('export signals | sentiment | docs to CSV or JSONL with a stable schema (docs/schema.md)')
    .option('--from <day>', '', day)
    .option('--to <day>', '', day)
    .option('--ticker <t>')
    .option('--model <id>')
    .addOption(new Option('--format <fmt>').choices(['csv', 'jsonl']).default('csv'))
    .requiredOption('--out <file>')
    .action(async (what: string, o, cmd) => {
      if (!(what in EXPORT_COLUMNS))
        throw new NonRetryableError(`export: expected one of ${Object.keys(EXPORT_COLUMNS).join(', ')}, got "${what}"`);
      const g = globals(cmd);
      const ctx = createContext(g);
      try {
        const r = await writeExport(ctx.store().db, what as ExportKind, o.format, o.out, o);
        if (g.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else console.log(`${r.rows} ${what} rows written to ${r.file}`);
      } finally {
        ctx.close();
      }
    });
}
