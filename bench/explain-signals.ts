/**
 * Explanations (integrated gradients and the documents behind them) for every stored signal of one date, with the
 * model that wrote them, against a bare forward pass over the same samples measured in the same run.
 * Target (issue 15): all signals of one date in under 2 s.
 * Usage: npm run bench:explain -- [db]   (default: the `npm start` database, .finsent/sample.db)
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';
import { latestSignalDay } from '../db/signals-store.js';
import { openStore } from '../db/store.js';
import { signalsFor } from '../db/queries.js';
import { dataOf } from '../fusion/dataset.js';
import { explainStoredSignal, explainStoredSignals } from '../fusion/explain-stored.js';
import { buildSamples } from '../fusion/features.js';
import { predictNet } from '../fusion/net.js';
import type { FusionModel } from '../fusion/model-io.js';
import { machine, timeIt } from './util.js';

const db = process.argv[2] ?? path.join(PROJECT_ROOT, '.finsent', 'sample.db');
const store = openStore(db, { readonly: true });
const day = latestSignalDay(store.db);
if (!day) throw new Error(`no signals in ${db}`);
const signals = signalsFor(store.db, { date: day });
const cache = new Map<string, Promise<FusionModel | undefined>>();
await explainStoredSignal(store, signals[0].ticker, day, cache); // loads the model once
const all = await timeIt(() => explainStoredSignals(store, day, cache), 3);
const fm = (await cache.get(signals[0].model_id)) as FusionModel;
const { spec, normaliser, cols } = fm.meta;
const forward = await timeIt(async () => {
  const samples = buildSamples(store, spec, { tickers: signals.map((s) => s.ticker), targets: [day] });
  return predictNet(fm.model, dataOf(samples, spec, normaliser, cols), spec.window, cols.length);
}, 3);
console.log(
  JSON.stringify(
    {
      bench: 'explain-signals',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      db,
      signalDay: day,
      signals: signals.length,
      secondsForAll: +all.seconds.toFixed(3),
      msPerSignal: +((all.seconds * 1000) / signals.length).toFixed(1),
      baselineForwardPassSeconds: +forward.seconds.toFixed(3),
      ratioToForwardPass: +(all.seconds / forward.seconds).toFixed(1),
    },
    null,
    2,
  ),
);
