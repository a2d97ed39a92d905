import type { evaluateSignals } from '../fusion/signal-eval.js';
import { lineChartSvg, signedBarChartSvg } from '../fusion/svg-chart.js';
import { drawdowns } from '../fusion/signal-stats.js';
import { esc } from '../fusion/svg.js';
import { rolling } from './report-sections.js';

type SignalEvaluation = ReturnType<typeof evaluateSignals>;

/**
 * The signal tear sheet a quant reads first: the daily rank IC with its 20-session mean, the mean forward return
 * per P(up) quintile, the dollar-neutral book's drawdown, and the reliability of P(up).
 */
export function tearSheet(e: SignalEvaluation | null, chart: (svg: string) => string): string {
  const h1 = e?.horizons.find((h) => h.horizon === 1);
  if (!e || !h1?.days) return '<p class="muted">Not enough signalled sessions with outcomes for a tear sheet.</p>';
  const ic = h1.daily.map((d) => d.ic);
  const mean = rolling(ic, 20);
  const icChart = lineChartSvg(
    `Daily rank IC of P(up), horizon 1 (${e.returns})`,
    [
      { name: 'daily IC', points: h1.daily.map((d): [string, number] => [d.day, d.ic]), color: '#aaa' },
      { name: '20-session mean', points: h1.daily.map((d, i): [string, number] => [d.day, mean[i] ?? Number.NaN]) },
    ],
    { width: 520, height: 260 },
  );
  const quintiles = signedBarChartSvg(
    'Mean forward return by P(up) quintile',
    h1.quantiles.map((value, i) => ({ label: `Q${i + 1}${i === 0 ? ' (lowest)' : ''}`, value })),
  );
  const book = e.longShort.daily;
  const dd = drawdowns(book.map((d) => d.ret));
  const ddChart = lineChartSvg(
    'Dollar-neutral book: drawdown',
    [{ name: 'drawdown', points: book.map((d, i): [string, number] => [d.day, dd[i]]), color: '#d62728' }],
    { width: 520, height: 220, percent: true },
  );
  const calibration = lineChartSvg(
    'Reliability of P(up): predicted vs observed share of up moves, by bin',
    [
      { name: 'predicted', points: e.calibration.map((b): [string, number] => [b.bin, b.predicted]) },
      { name: 'observed', points: e.calibration.map((b): [string, number] => [b.bin, b.observed]), color: '#ff7f0e' },
    ],
    { width: 520, height: 240 },
  );
  const ir = h1.ic;
  const stats =
    `Mean IC ${ir.mean.toFixed(4)} (Newey–West t ${ir.t.toFixed(2)}, IR ${ir.ir.toFixed(3)}) over ${h1.days} ` +
    `sessions; top-minus-bottom quintile ${(h1.spread * 100).toFixed(3)}% a session; Brier ${e.brier.toFixed(4)}; ` +
    `correlation of the book with buy-and-hold ${e.correlationWithBuyAndHold.toFixed(2)}.`;
  return `<p>${esc(stats)}</p><div class="pair">${chart(icChart)}${chart(quintiles)}</div>
<div class="pair">${chart(ddChart)}${chart(calibration)}</div>`;
}
