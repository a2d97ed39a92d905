import type { Store } from '../db/store.js';
import type { ReturnBasis } from './forward-returns.js';
import { evaluateSignals } from './signal-eval.js';
import type { performance } from './signal-stats.js';

type Performance = ReturnType<typeof performance>;

export interface BacktestReport {
  from: string;
  to: string;
  model: string | null;
  costBps: number;
  /** "open-close" (tradeable, the default) or "close-close" (labelled as such wherever it is shown). */
  returns: ReturnBasis;
  signals: number;
  days: number;
  hitRate: number;
  mcc: number;
  /** The dollar-neutral rank-weighted book after costs. */
  strategy: Performance & { turnover: number; grossExposure: number; maxAbsNetExposure: number };
  buyAndHold: Performance;
  correlationWithBuyAndHold: number;
  daily: { day: string; strategy: number; buyAndHold: number; cumStrategy: number; cumBuyAndHold: number }[];
}

/**
 * Evaluates stored signals as a trader could have used them. A signal for session d is made before d's open,
 * so by default it trades open(d) → close(d); `returns: 'close-close'` scores the adjusted close-to-close move
 * instead. The strategy is the dollar-neutral book (weights ∝ rank of P(up) − mean rank, gross 1, net 0)
 * charged `costBps` per unit of weight traded; buy-and-hold is the equal-weight book over the same names and
 * sessions. Hit rate and MCC compare "up" (P(up) ≥ 0.5) with the sign of the same return.
 */
export function backtest(
  store: Store,
  options: { from: string; to: string; model?: string; costBps?: number; returns?: ReturnBasis },
): BacktestReport {
  const e = evaluateSignals(store, { ...options, horizons: [1], minNames: 2 });
  const { daily: book, ...strategy } = e.longShort;
  let cumS = 1;
  let cumB = 1;
  const daily = book.map((d, i) => {
    const b = e.buyAndHoldDaily[i] ?? 0;
    cumS *= 1 + d.ret;
    cumB *= 1 + b;
    return { day: d.day, strategy: d.ret, buyAndHold: b, cumStrategy: cumS - 1, cumBuyAndHold: cumB - 1 };
  });
  return {
    from: options.from,
    to: options.to,
    model: e.model,
    costBps: e.costBps,
    returns: e.returns,
    signals: e.signals,
    days: daily.length,
    hitRate: e.hitRate,
    mcc: e.mcc,
    strategy,
    buyAndHold: e.buyAndHold,
    correlationWithBuyAndHold: e.correlationWithBuyAndHold,
    daily,
  };
}
