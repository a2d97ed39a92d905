/**
 * finsent as a library, for strategies written in TypeScript.
 * @example
 *   import { openStore, dailySentiment, latestSignals } from 'finsent';
 *   const store = openStore('finsent.db', { readonly: true });
 *   const series = dailySentiment(store.db, { ticker: 'AAPL', from: '2015-01-01' });
 *   const signals = latestSignals(store.db);
 */
export { openStore, type Store } from './db/store.js';
export { upsertDocuments, type DocumentInput } from './db/documents.js';
export { diagnose, type DoctorReport } from './db/doctor.js';
export {
  dailySentiment,
  latestSignals,
  signalsFor,
  signalsBetween,
  sentimentBetween,
  queryDocuments,
  iterateDocuments,
  activeSentimentModel,
  type DailySentimentRow,
  type SignalResult,
  type DocResult,
  type DocQuery,
} from './db/queries.js';
export { loadConfig, type Config } from './core/config.js';
export { loadSentimentModel, type SentimentModel } from './nlp/model.js';
export { scoreStore } from './nlp/score-store.js';
export { aggregateDaily } from './fusion/aggregate.js';
export { backtest } from './fusion/backtest.js';
export { extractArticle } from './ingest/article.js';
export { runIngest } from './ingest/run-ingest.js';
export { EXPORT_COLUMNS, writeExport } from './serve/export.js';
