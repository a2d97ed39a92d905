import type { Store } from '../db/store.js';
import type { AppContext } from './app-context.js';

export interface NightlyOptions {
  /** Import this StockNet folder first (the offline sample). */
  importStocknetDir?: string;
  /** auto: retrain when the saved model is older than schedule.retrainEveryDays. @default "auto" */
  retrain?: 'auto' | 'always' | 'never';
  /** @default "report.html" beside the database */
  reportPath?: string;
  /** Session to signal. @default the one after the latest price */
  signalDate?: string;
  /**
   * Enqueue the score stage for `finsent score --worker` processes and wait for them; if none claims a job
   * within queue.workerWaitSeconds, score in-process. @default false
   */
  distributed?: boolean;
}

/** What every nightly stage starts from; stages add their typed fields to it. */
export interface NightlyContext {
  app: AppContext;
  store: Store;
  options: NightlyOptions;
  /** The recorded run (table runs) this pipeline belongs to. */
  runId: number;
}
