import type { BacktestReport } from './backtest.js';
import { lineChartSvg } from './svg-chart.js';

/** The cumulative-return chart of a backtest: the long/short book against buy-and-hold. */
export function backtestChartSvg(bt: BacktestReport, title = 'Cumulative return'): string {
  const series = [
    { name: 'long/short signals', points: bt.daily.map((d): [string, number] => [d.day, d.cumStrategy]) },
    { name: 'buy and hold', points: bt.daily.map((d): [string, number] => [d.day, d.cumBuyAndHold]) },
  ];
  return lineChartSvg(title, series, { percent: true });
}
