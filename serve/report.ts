import { writeTextOutput } from '../core/files.js';
import { latestWeightsDay, weightsBetween } from '../db/portfolio.js';
import type { SignalResult } from '../db/queries.js';
import type { SignalExplanation } from '../fusion/explain-signal.js';
import type { FusionModel } from '../fusion/model-io.js';
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
import { backtestPortfolio } from '../fusion/portfolio.js';
import { evaluateSignals } from '../fusion/signal-eval.js';
import { barChartSvg } from '../fusion/svg-chart.js';
import { esc } from '../fusion/svg.js';
import {
  backtestSection,
  explanationSection,
  portfolioSection,
  REPORT_STYLE,
  signalTable,
  tickerSection,
} from './report-sections.js';
import { tearSheet } from './tear-sheet.js';
import { nextTradingDay } from '../fusion/calendar.js';

/** Explanations of the latest signals, by ticker; a signal whose model is not registered is left out. */
async function explainAll(store: Store, signals: SignalResult[]): Promise<Map<string, SignalExplanation>> {
  if (!signals.length) return new Map();
  const { explainStoredSignals } = await import('../fusion/explain-stored.js');
  const cache = new Map<string, Promise<FusionModel | undefined>>();
  try {
    return await explainStoredSignals(store, signals[0].day, cache);
  } finally {
    for (const m of cache.values()) (await m)?.model.dispose();
  }
}

/**
 * Writes one self-contained HTML page (inline SVG, no scripts, no network): latest signals with their
 * probabilities, the backtest of stored signals against buy-and-hold, documents by source and label, and
 * per ticker the price against daily sentiment.
 */
export async function writeReport(
  store: Store,
  file: string,
  options: { costBps?: number; maxTickers?: number; lookbackDays?: number } = {},
): Promise<{ tickers: number; charts: number; file: string }> {
  const { db } = store;
  const signals = latestSignals(db);
  const model = activeSentimentModel(db);
  const sources = documentCountsBySource(db);
  const labels = scoreCountsByLabel(db).filter((l) => l.model_id === model);
  const range = scorableSignalRange(db);
  const bt = range.lo && range.hi ? backtest(store, { from: range.lo, to: range.hi, costBps: options.costBps }) : null;
  const evaluation =
    range.lo && range.hi ? evaluateSignals(store, { from: range.lo, to: range.hi, costBps: options.costBps }) : null;
  const tickers = (signals.length ? signals.map((s) => s.ticker) : tickersWithPrices(db)).slice(
    0,
    options.maxTickers ?? 20,
  );
  const lastDay = latestPriceDay(db) ?? '9999-12-31';
  const from = new Date(Date.parse(`${lastDay}T00:00:00Z`) - (options.lookbackDays ?? 180) * 864e5)
    .toISOString()
    .slice(0, 10);
  let charts = 0;
  const chart = (svg: string) => {
    charts++;
    return `<figure class="chart">${svg}</figure>`;
  };
  const explanations = await explainAll(store, signals);
  const perTicker = tickers
    .map((t) => {
      const rows = dailySentiment(db, { ticker: t, from, to: nextTradingDay(lastDay), model: model ?? undefined });
      const why = signals.some((s) => s.ticker === t) ? explanationSection(explanations.get(t), chart) : '';
      return tickerSection(t, rows, chart) + why;
    })
    .join('\n');
  const weightsDay = latestWeightsDay(db);
  const weights = weightsDay ? weightsBetween(db, { from: weightsDay, to: weightsDay }) : [];
  const method = weights[0]?.method;
  const generated = `Generated ${esc(new Date().toISOString())}. Sentiment model: ${esc(model ?? 'none')}.`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>finsent report</title>
<style>${REPORT_STYLE}</style></head><body>
<h1>finsent report</h1>
<p class="muted">${generated} Latest price session: ${esc(lastDay)}.</p>
<h2>Latest signals ${signals[0] ? `for ${esc(signals[0].day)}` : ''}</h2>
${signalTable(signals)}
<h2>Backtest of stored signals</h2>
${backtestSection(bt, chart)}
<h2>Signal tear sheet</h2>
${tearSheet(evaluation, chart)}
<h2>Portfolio</h2>
${portfolioSection(
  weights.filter((w) => w.method === method),
  method && range.lo && range.hi
    ? backtestPortfolio(store, {
        from: range.lo,
        to: range.hi,
        method: method as 'long-only' | 'long-short',
        costBps: options.costBps,
        persist: false,
      })
    : undefined,
)}
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
<h2>Per ticker: price and sentiment, last ${options.lookbackDays ?? 180} days</h2>
${perTicker}
</body></html>`;
  writeTextOutput(file, html, 'report');
  return { tickers: tickers.length, charts, file };
}
