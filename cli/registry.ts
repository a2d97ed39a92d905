import type { CommandSpec } from './command.js';
import { dbCopy } from './commands/db-copy.js';
import { doctor } from './commands/doctor.js';
import { evalFusion } from './commands/eval-fusion.js';
import { explain } from './commands/explain.js';
import { explainSignalCommand } from './commands/explain-signal.js';
import { aggregate, backtest, evalSignals, models, signal, train } from './commands/fusion.js';
import { extract, importDocuments, importPrices, importStocknet, importUniverse, ingest } from './commands/ingest.js';
import { daemon, nightly, report, runs, sources } from './commands/nightly.js';
import { portfolio } from './commands/portfolio.js';
import { exportCommand, queryDocs, querySentiment, querySignals } from './commands/query.js';
import { evalExtraction, evalSentiment, score } from './commands/score.js';
import { fixtureServer, serve } from './commands/serve.js';

/** Every command, in the order `finsent --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  nightly,
  ingest,
  importStocknet,
  importDocuments,
  importPrices,
  importUniverse,
  extract,
  score,
  explain,
  aggregate,
  train,
  signal,
  backtest,
  models,
  portfolio,
  explainSignalCommand,
  queryDocs,
  querySentiment,
  querySignals,
  exportCommand,
  serve,
  report,
  sources,
  runs,
  doctor,
  dbCopy,
  daemon,
  evalSentiment,
  evalFusion,
  evalSignals,
  evalExtraction,
  fixtureServer,
];

/** Descriptions of the command groups (`finsent import --help`). */
export const GROUPS: Record<string, string> = {
  import: 'bulk importers for historical data',
  eval: 'evaluate models on benchmark datasets',
  query: 'read documents, daily sentiment and signals from the store',
};
