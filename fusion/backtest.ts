import { latestSignalModel, signalOutcomes } from '../db/signals-store.js';
import type { Store } from '../db/store.js';
import { accuracy, mcc } from './metrics.js';

export interface BacktestReport {
  from: string;
  to: string;
  model: string | null;
  costBps: number;
  signals: number;
  days: number;
  hitRate: number;
  mcc: number;
  strategy: { cumulativeReturn: number; sharpe: number; annualisedReturn: number };
  buyAndHold: { cumulativeReturn: number; sharpe: number; annualisedReturn: number };
  daily: { day: string; strategy: number; buyAndHold: number; cumStrategy: number; cumBuyAndHold: number }[];
}

const stats = (r: number[]) => {
  const m = r.reduce((a, b) => a + b, 0) / Math.max(r.length, 1);
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(r.length - 1, 1));
  const cum = r.reduce((a, b) => a * (1 + b), 1) - 1;
  return {
    cumulativeReturn: cum,
    sharpe: sd ? (m / sd) * Math.sqrt(252) : 0,
    annualisedReturn: r.length ? (1 + cum) ** (252 / r.length) - 1 : 0,
  };
};

/**
 * Evaluates stored signals against realised close-to-close moves (adjusted close). The strategy is an
 * equal-weight daily long/short book: long the tickers signalled up, short those signalled down; a cost
 * of `costBps` is charged on each position change (entering, flipping or leaving a name). Buy-and-hold is
 * the equal-weight long book over the same tickers and days.
 */
export function backtest(
  store: Store,
  o: { from: string; to: string; model?: string; costBps?: number },
): BacktestReport {
  const { db } = store;
  const model = o.model ?? latestSignalModel(db, o.from, o.to);
  const rows = signalOutcomes(db, model, o.from, o.to);
  const valid = rows.filter((r) => r.move !== null && Number.isFinite(r.move));
  const cost = (o.costBps ?? 5) / 1e4;
  const byDay = new Map<string, typeof valid>();
  for (const r of valid) {
    const day = byDay.get(r.day);
    if (day) day.push(r);
    else byDay.set(r.day, [r]);
  }
  const lastPos = new Map<string, number>();
  const daily: BacktestReport['daily'] = [];
  let cs = 1,
    cb = 1;
  for (const [day, rs] of [...byDay].sort()) {
    let strat = 0,
      bh = 0;
    const today = new Set(rs.map((r) => r.ticker));
    for (const [t, p] of lastPos)
      if (!today.has(t) && p !== 0) {
        strat -= cost / rs.length;
        lastPos.set(t, 0);
      }
    for (const r of rs) {
      const pos = r.direction === 'up' ? 1 : -1;
      const trade = Math.abs(pos - (lastPos.get(r.ticker) ?? 0));
      strat += (pos * r.move! - trade * cost) / rs.length;
      bh += r.move! / rs.length;
      lastPos.set(r.ticker, pos);
    }
    cs *= 1 + strat;
    cb *= 1 + bh;
    daily.push({ day, strategy: strat, buyAndHold: bh, cumStrategy: cs - 1, cumBuyAndHold: cb - 1 });
  }
  const gold = valid.map((r) => (r.move! > 1e-7 ? 1 : 0)),
    pred = valid.map((r) => (r.direction === 'up' ? 1 : 0));
  return {
    from: o.from,
    to: o.to,
    model,
    costBps: o.costBps ?? 5,
    signals: valid.length,
    days: daily.length,
    hitRate: accuracy(gold, pred),
    mcc: mcc(gold, pred),
    strategy: stats(daily.map((d) => d.strategy)),
    buyAndHold: stats(daily.map((d) => d.buyAndHold)),
    daily,
  };
}
