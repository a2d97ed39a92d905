import { writeFileSync } from 'node:fs';
import { latestPriceDay, tickersWithPrices } from '../db/prices.js';
import { scorableSignalRange } from '../db/signals-store.js';
import type { Store } from '../db/store.js';
import {
  activeSentimentModel,
  dailySentiment,
  documentCountsBySource,
  latestSignals,
  scoreCountsByLabel,
} from '../db/queries.js';
import { backtest } from '../fusion/backtest.js';
import { backtestChartSvg } from '../fusion/backtest-chart.js';
import { barChartSvg, lineChartSvg } from '../fusion/svg-chart.js';
import { nextTradingDay } from '../fusion/calendar.js';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** Trailing mean over `k` points, ignoring days without documents. */
function rolling(values: (number | null)[], k: number): (number | null)[] {
  return values.map((_, i) => {
    const w = values.slice(Math.max(0, i - k + 1), i + 1).filter((v): v is number => v !== null);
    return w.length ? w.reduce((a, b) => a + b, 0) / w.length : null;
  });
}

/**
 * Writes one self-contained HTML page (inline SVG, no scripts, no network): latest signals with their
 * probabilities, the backtest of stored signals against buy-and-hold, documents by source and label, and
 * per ticker the price against daily sentiment.
 */
export function writeReport(
  store: Store,
  file: string,
  o: { costBps?: number; maxTickers?: number; lookbackDays?: number } = {},
): { tickers: number; charts: number; file: string } {
  const { db } = store;
  const signals = latestSignals(db);
  const model = activeSentimentModel(db);
  const sources = documentCountsBySource(db);
  const labels = scoreCountsByLabel(db).filter((l) => l.model_id === model);
  const range = scorableSignalRange(db);
  const bt = range.lo && range.hi ? backtest(store, { from: range.lo, to: range.hi, costBps: o.costBps }) : null;
  const tickers = (signals.length ? signals.map((s) => s.ticker) : tickersWithPrices(db)).slice(0, o.maxTickers ?? 20);
  const lastDay = latestPriceDay(db) ?? '9999-12-31';
  const from = new Date(Date.parse(`${lastDay}T00:00:00Z`) - (o.lookbackDays ?? 180) * 864e5)
    .toISOString()
    .slice(0, 10);
  let charts = 0;
  const chart = (svg: string) => {
    charts++;
    return `<figure class="chart">${svg}</figure>`;
  };
  const perTicker = tickers
    .map((t) => {
      const rows = dailySentiment(db, { ticker: t, from, to: nextTradingDay(lastDay), model: model ?? undefined });
      const sm = rolling(
        rows.map((r) => r.mean_score),
        5,
      );
      return `<section class="ticker"><h3>${esc(t)}</h3><div class="pair">
      ${chart(lineChartSvg(`${t} adjusted close`, [{ name: 'adj close', points: rows.filter((r) => r.adj_close !== null).map((r) => [r.day, r.adj_close!]) }], { width: 480, height: 220 }))}
      ${chart(lineChartSvg(`${t} sentiment (5-session mean of p(pos) - p(neg))`, [{ name: 'sentiment', points: rows.map((r, i) => [r.day, sm[i] ?? NaN]), color: '#2ca02c' }], { width: 480, height: 220 }))}
      </div><p class="muted">${rows.reduce((a, r) => a + r.n, 0)} documents over ${rows.length} sessions (${rows.filter((r) => r.n === 0).length} without any).</p></section>`;
    })
    .join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>finsent report</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:1040px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}
.pbar{position:relative;width:160px;height:10px;background:#f3f3f3}.pbar span{position:absolute;top:0;height:10px}.pbar i{position:absolute;left:80px;top:-2px;width:1px;height:14px;background:#999}.up{color:#2ca02c}.down{color:#d62728}.pair{display:flex;gap:12px;flex-wrap:wrap}.muted{color:#777;font-size:12px}figure{margin:4px}</style></head><body>
<h1>finsent report</h1>
<p class="muted">Generated ${esc(new Date().toISOString())}. Sentiment model: ${esc(model ?? 'none')}. Latest price session: ${esc(lastDay)}.</p>
<h2>Latest signals ${signals[0] ? `for ${esc(signals[0].day)}` : ''}</h2>
${signals.length ? `<table><tr><th>ticker</th><th>P(up)</th><th></th><th>direction</th><th>confidence</th><th>model</th></tr>${signals.map((s) => `<tr><td>${esc(s.ticker)}</td><td>${s.p_up.toFixed(3)}</td><td title="P(up) - 0.5, scaled: ±0.5 fills the half"><div class="pbar"><i></i><span style="${s.p_up >= 0.5 ? `left:80px;background:#2ca02c` : `right:80px;background:#d62728`};width:${Math.round(Math.abs(s.p_up - 0.5) * 160)}px"></span></div></td><td class="${s.direction}">${s.direction}</td><td>${s.confidence.toFixed(3)}</td><td class="muted">${esc(s.model_id)}</td></tr>`).join('')}</table>` : '<p>No signals yet.</p>'}
<h2>Backtest of stored signals</h2>
${
  bt?.days
    ? `<p class="muted">Stored signals for sessions with a realised move. The nightly job writes them for the sessions held out from the fusion model's training (used only for early stopping) and for every session since, so this is out of sample.</p><p>${bt.signals} signals over ${bt.days} sessions (${esc(bt.from)} to ${esc(bt.to)}), ${bt.costBps} bps per position change. Hit rate ${pct(bt.hitRate)}, MCC ${bt.mcc.toFixed(3)}.
Long/short: cumulative ${pct(bt.strategy.cumulativeReturn)}, Sharpe ${bt.strategy.sharpe.toFixed(2)}. Buy and hold: cumulative ${pct(bt.buyAndHold.cumulativeReturn)}, Sharpe ${bt.buyAndHold.sharpe.toFixed(2)}.</p>
${chart(backtestChartSvg(bt))}`
    : '<p>No signals with realised moves yet.</p>'
}
<h2>Documents</h2>
${chart(
  barChartSvg(
    'Documents by source',
    sources.map((s) => ({ label: `${s.source} (${s.kind})`, value: s.documents })),
  ),
)}
${chart(
  barChartSvg(
    'Scores by label',
    labels.map((l) => ({ label: l.label, value: l.n })),
    { color: '#ff7f0e' },
  ),
)}
<h2>Per ticker: price and sentiment, last ${o.lookbackDays ?? 180} days</h2>
${perTicker}
</body></html>`;
  writeFileSync(file, html);
  return { tickers: tickers.length, charts, file };
}
