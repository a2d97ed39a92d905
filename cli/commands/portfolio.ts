import { Option } from 'commander';
import { NonRetryableError } from '../../core/errors.js';
import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { day, int, nonEmpty, num } from '../parse.js';

interface PortfolioOpts {
  date?: string;
  from?: string;
  to?: string;
  method?: 'long-only' | 'long-short';
  model?: string;
  lambda?: number;
  cap?: number;
  gross?: number;
  window?: number;
  costBps?: number;
}

export const portfolio = defineCommand<PortfolioOpts>()({
  path: 'portfolio',
  description: 'mean-variance weights from the signals of --date (stored), or a backtest of them over --from..--to',
  options: (cmd) =>
    cmd
      .option('--date <day>', 'session to weigh (default: the latest signalled session)', day)
      .option('--from <day>', 'backtest: first session', day)
      .option('--to <day>', 'backtest: last session', day)
      .addOption(new Option('--method <m>', 'default: portfolio.method').choices(['long-only', 'long-short']))
      .option('--model <id>', 'signal model id (default: the latest for the day)', nonEmpty)
      .option('--lambda <x>', 'risk aversion λ in ½ λ wᵀΣw − μᵀw', num({ min: 1e-9 }))
      .option('--cap <x>', 'largest |weight| of one name', num({ min: 1e-6, max: 1 }))
      .option('--gross <x>', 'long-short: largest gross exposure', num({ min: 1e-6, max: 10 }))
      .option('--window <n>', 'sessions of returns for the covariance', int({ min: 20, max: 2000 }))
      .option('--cost-bps <n>', 'backtest: cost per unit of weight traded', num({ min: 0, max: 10_000 })),
  async run(ctx, { opts }) {
    const { backtestPortfolio, writePortfolio } = await import('../../fusion/portfolio.js');
    const { latestSignalDay } = await import('../../db/signals-store.js');
    const store = ctx.store();
    const p = ctx.config.portfolio;
    const options = {
      method: opts.method ?? p.method,
      model: opts.model,
      lambda: opts.lambda ?? p.lambda,
      cap: opts.cap ?? p.cap,
      gross: opts.gross ?? p.gross,
      window: opts.window ?? p.window,
    };
    if (opts.from || opts.to) {
      if (!opts.from || !opts.to) throw new NonRetryableError('a backtest needs both --from and --to');
      if (opts.date) throw new NonRetryableError('--date cannot be combined with --from/--to');
      const costBps = opts.costBps ?? ctx.config.fusion.costBps;
      return {
        kind: 'backtest' as const,
        ...backtestPortfolio(store, { ...options, from: opts.from, to: opts.to, costBps }),
      };
    }
    const target = opts.date ?? latestSignalDay(store.db);
    if (!target) throw new NonRetryableError('no signals in the store: run `finsent signal` or nightly first');
    const r = writePortfolio(store, target, options);
    if (!r.weights.length)
      throw new NonRetryableError(
        `no weights for ${target}: ${r.model ? 'too few names with a full return window' : 'no signals that day'}`,
      );
    return { kind: 'weights' as const, ...r, requestedCap: options.cap };
  },
  print: (r) => {
    if (r.kind === 'backtest') {
      writeStdout(`${r.method} portfolio over ${r.sessions} sessions (${r.model}), ${r.returns}, ${r.costBps} bps:\n`);
      printTable([
        { book: 'optimised', ...r.optimised },
        { book: 'equal weight', ...r.equalWeight },
        { book: 'signal only (dollar-neutral)', ...r.signalOnly },
      ]);
      return;
    }
    const gross = r.weights.reduce((a, w) => a + Math.abs(w.weight), 0);
    const rawNet = r.weights.reduce((a, w) => a + w.weight, 0);
    const net = Math.abs(rawNet) < 5e-5 ? 0 : rawNet;
    writeStdout(
      `${r.method} weights for ${r.day} (${r.model}): ${r.weights.length} names, net ${net.toFixed(4)}, gross ` +
        `${gross.toFixed(4)}, Ledoit-Wolf shrinkage ${r.shrinkage.toFixed(3)}\n`,
    );
    printTable(
      [...r.weights].sort((a, b) => b.weight - a.weight),
      ['ticker', 'weight', 'expected_return'],
    );
    if (r.skipped.length) writeStdout(`skipped (no full return window): ${r.skipped.join(' ')}\n`);
    if (r.cap !== undefined && r.cap > r.requestedCap)
      writeStdout(
        `cap per name raised from ${r.requestedCap} to 1/${r.weights.length} = ${r.cap.toFixed(4)}: ` +
          `${r.weights.length} names under ${r.requestedCap} each cannot fill a long-only book\n`,
      );
  },
});
