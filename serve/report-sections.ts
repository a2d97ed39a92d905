import type { DailySentimentRow, SignalResult } from '../db/queries.js';
import type { backtest } from '../fusion/backtest.js';
import type { backtestPortfolio } from '../fusion/portfolio.js';
import { backtestChartSvg } from '../fusion/backtest-chart.js';
import type { WeightRow } from '../db/portfolio.js';
import type { SignalExplanation } from '../fusion/explain-signal.js';
import { lineChartSvg, signedBarChartSvg } from '../fusion/svg-chart.js';
import { esc } from '../fusion/svg.js';

export const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** The page's only styles: inline, so the report stays one self-contained file. */
export const REPORT_STYLE = [
  'body{font-family:system-ui,sans-serif;margin:24px;max-width:1040px;color:#222}',
  'table{border-collapse:collapse;margin:8px 0}',
  'td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}',
  '.pbar{position:relative;width:160px;height:10px;background:#f3f3f3}',
  '.pbar span{position:absolute;top:0;height:10px}',
  '.pbar i{position:absolute;left:80px;top:-2px;width:1px;height:14px;background:#999}',
  '.up{color:#2ca02c}.down{color:#d62728}.pair{display:flex;gap:12px;flex-wrap:wrap}',
  '.muted{color:#777;font-size:12px}figure{margin:4px}',
].join('\n');

/** Trailing mean over `k` points, ignoring days without documents. */
export function rolling(values: (number | null)[], k: number): (number | null)[] {
  return values.map((_, i) => {
    const w = values.slice(Math.max(0, i - k + 1), i + 1).filter((v): v is number => v !== null);
    return w.length ? w.reduce((a, b) => a + b, 0) / w.length : null;
  });
}

/** P(up) as a bar diverging from 0.5, so weak signals look weak: ±0.5 fills half the bar. */
function probabilityBar(pUp: number): string {
  const side = pUp >= 0.5 ? 'left:80px;background:#2ca02c' : 'right:80px;background:#d62728';
  const width = Math.round(Math.abs(pUp - 0.5) * 160);
  return `<div class="pbar"><i></i><span style="${side};width:${width}px"></span></div>`;
}

/** The latest signals as a table, ranked by P(up) (most bullish first), not alphabetically. */
export function signalTable(signals: SignalResult[]): string {
  if (!signals.length) return '<p>No signals yet.</p>';
  const head = '<tr><th>ticker</th><th>P(up)</th><th></th><th>direction</th><th>confidence</th><th>model</th></tr>';
  const rows = [...signals]
    .sort((a, b) => b.p_up - a.p_up)
    .map((s) => {
      const cells = [
        `<td>${esc(s.ticker)}</td>`,
        `<td>${s.p_up.toFixed(3)}</td>`,
        `<td title="P(up) - 0.5, scaled">${probabilityBar(s.p_up)}</td>`,
        `<td class="${esc(s.direction)}">${esc(s.direction)}</td>`,
        `<td>${s.confidence.toFixed(3)}</td>`,
        `<td class="muted">${esc(s.model_id)}</td>`,
      ];
      return `<tr>${cells.join('')}</tr>`;
    });
  return `<table>${head}${rows.join('')}</table>`;
}

/** The backtest of stored signals, with its chart; `chart` counts and wraps each figure. */
export function backtestSection(bt: ReturnType<typeof backtest> | null, chart: (svg: string) => string): string {
  if (!bt?.days) return '<p>No signals with realised moves yet.</p>';
  const why =
    'Stored signals for sessions with a realised move. The nightly job writes them for the sessions held out ' +
    "from the fusion model's training (used only for early stopping) and for every session since, " +
    'so this is out of sample.';
  const summary =
    `${bt.signals} signals over ${bt.days} sessions (${esc(bt.from)} to ${esc(bt.to)}), ` +
    `${bt.returns} returns, ${bt.costBps} bps per unit traded. ` +
    `Hit rate ${pct(bt.hitRate)}, MCC ${bt.mcc.toFixed(3)}. ` +
    `Dollar-neutral long/short: max drawdown ${pct(bt.strategy.maxDrawdown)}, ` +
    `cumulative ${pct(bt.strategy.cumulativeReturn)}, Sharpe ${bt.strategy.sharpe.toFixed(2)}. ` +
    `Buy and hold: cumulative ${pct(bt.buyAndHold.cumulativeReturn)}, Sharpe ${bt.buyAndHold.sharpe.toFixed(2)}.`;
  return `<p class="muted">${why}</p><p>${summary}</p>\n${chart(backtestChartSvg(bt))}`;
}

/** One ticker: its adjusted close and its 5-session sentiment mean on one date axis, and the documents behind it. */
export function tickerSection(ticker: string, rows: DailySentimentRow[], chart: (svg: string) => string): string {
  const smooth = rolling(
    rows.map((r) => r.mean_score),
    5,
  );
  const prices = rows.filter((r) => r.adj_close !== null).map((r): [string, number] => [r.day, r.adj_close ?? 0]);
  const sentimentPoints = rows.map((r, i): [string, number] => [r.day, smooth[i] ?? Number.NaN]);
  const overlaid = lineChartSvg(`${ticker}: adjusted close and sentiment`, [{ name: 'adj close', points: prices }], {
    width: 760,
    height: 260,
    right: { name: 'sentiment, 5-session mean of p(pos) - p(neg)', points: sentimentPoints, color: '#2ca02c' },
  });
  const documents = rows.reduce((a, r) => a + r.n, 0);
  const empty = rows.filter((r) => r.n === 0).length;
  const note = `${documents} documents over ${rows.length} sessions (${empty} without any).`;
  return `<section class="ticker"><h3>${esc(ticker)}</h3>
      ${chart(overlaid)}
      <p class="muted">${note}</p></section>`;
}

/** Why the ticker's latest signal: attributions by family and by window step, and the documents behind it. */
export function explanationSection(e: SignalExplanation | undefined, chart: (svg: string) => string): string {
  if (!e) return '<p class="muted">No explanation: the model that wrote this signal is not in the registry.</p>';
  const families = Object.entries(e.byFamily).map(([label, value]) => ({ label, value }));
  const steps = e.byStep.map((value, i) => ({ label: `session t-${e.byStep.length - 1 - i}`, value }));
  const size = { width: 480 };
  const docs = e.documents.slice(0, 5).map((d) => {
    const text = esc((d.title ?? d.text ?? '').slice(0, 140));
    const link = d.url ? `<a href="${esc(d.url)}">${text}</a>` : text;
    return `<tr><td>${esc(d.session)}</td><td>${esc(d.source)}</td><td>${d.score.toFixed(3)}</td><td>${link}</td></tr>`;
  });
  const table = docs.length
    ? `<table><tr><th>session</th><th>source</th><th>score</th><th>document</th></tr>${docs.join('')}</table>`
    : '<p class="muted">No scored documents in the window.</p>';
  const note =
    `Integrated gradients of P(up) ${e.pUp.toFixed(3)} from the baseline ${e.baseline.toFixed(3)} ` +
    `(completeness error ${e.completenessError.toExponential(1)}).`;
  return `<p class="muted">${note}</p><div class="pair">
      ${chart(signedBarChartSvg('Attribution by feature family', families, size))}
      ${chart(signedBarChartSvg('Attribution by window session', steps, size))}
      </div>${table}`;
}

/** The latest stored portfolio weights, largest first, and the backtest of that method over the signals. */
export function portfolioSection(rows: WeightRow[], bt?: ReturnType<typeof backtestPortfolio>): string {
  if (!rows.length) return '<p class="muted">No stored weights yet: run <code>finsent portfolio</code>.</p>';
  const body = [...rows]
    .sort((a, b) => b.weight - a.weight)
    .map(
      (r) =>
        `<tr><td>${esc(r.ticker)}</td><td>${r.weight.toFixed(4)}</td><td>${r.expected_return.toFixed(5)}</td></tr>`,
    )
    .join('');
  const what = `${esc(rows[0].method)} weights for ${esc(rows[0].day)} (${esc(rows[0].model_id)})`;
  const head = `<p class="muted">${what}.</p>`;
  const weights = `${head}<table><tr><th>ticker</th><th>weight</th><th>expected return</th></tr>${body}</table>`;
  if (!bt?.sessions) return weights;
  const cells = (name: string, p: ReturnType<typeof backtestPortfolio>['optimised']) =>
    `<tr><td>${name}</td><td>${pct(p.cumulativeReturn)}</td><td>${pct(p.annualisedVolatility)}</td>` +
    `<td>${p.sharpe.toFixed(2)}</td><td>${pct(p.maxDrawdown)}</td><td>${p.turnover.toFixed(3)}</td></tr>`;
  const table =
    '<table><tr><th>book</th><th>cumulative</th><th>volatility</th><th>Sharpe</th><th>max drawdown</th>' +
    `<th>turnover</th></tr>${cells('optimised', bt.optimised)}${cells('equal weight', bt.equalWeight)}` +
    `${cells('signal only (dollar-neutral)', bt.signalOnly)}</table>`;
  const note = `Backtest over ${bt.sessions} sessions, ${esc(bt.returns)} returns, ${bt.costBps} bps per unit traded:`;
  return `${weights}<p class="muted">${note}</p>${table}`;
}
