import { NonRetryableError } from '../core/errors.js';
import { signalsFor } from '../db/queries.js';
import type { Store } from '../db/store.js';
import { explainSignal, explainSignals } from './explain-signal.js';
import type { FusionModel } from './model-io.js';
import { fusionModelById } from './registry.js';

/** A registered model by id, loaded once per cache. */
function cachedModel(store: Store, id: string, cache: Map<string, Promise<FusionModel | undefined>>) {
  let model = cache.get(id);
  if (!model) {
    model = fusionModelById(store, id);
    cache.set(id, model);
  }
  return model;
}

/**
 * Explains the stored signal of `ticker` on `day` with the very model that wrote it (found in the registry by the
 * signal's model id). `cache` keeps loaded models between calls (the API serves many explanations).
 * @throws NonRetryableError when there is no such signal or its model is no longer in the registry.
 */
export async function explainStoredSignal(
  store: Store,
  ticker: string,
  day: string,
  cache = new Map<string, Promise<FusionModel | undefined>>(),
) {
  const [signal] = signalsFor(store.db, { date: day, ticker });
  if (!signal) throw new NonRetryableError(`no stored signal for ${ticker} on ${day}`);
  const fm = await cachedModel(store, signal.model_id, cache);
  if (!fm) throw new NonRetryableError(`model ${signal.model_id} of that signal is not in the registry any more`);
  const e = await explainSignal(store, fm, signal.ticker, day);
  if (!e) throw new NonRetryableError(`not enough price history to rebuild the features of ${ticker} on ${day}`);
  return { ...e, storedPUp: signal.p_up };
}

/** Explanations of every stored signal of `day`, each with the model that wrote it, one batch per model. */
export async function explainStoredSignals(
  store: Store,
  day: string,
  cache = new Map<string, Promise<FusionModel | undefined>>(),
): Promise<Map<string, Awaited<ReturnType<typeof explainStoredSignal>>>> {
  const out = new Map<string, Awaited<ReturnType<typeof explainStoredSignal>>>();
  const byModel = new Map<string, { ticker: string; p_up: number }[]>();
  for (const s of signalsFor(store.db, { date: day })) byModel.set(s.model_id, [...(byModel.get(s.model_id) ?? []), s]);
  for (const [id, signals] of byModel) {
    const fm = await cachedModel(store, id, cache);
    if (!fm) continue;
    const explained = await explainSignals(
      store,
      fm,
      signals.map((s) => s.ticker),
      day,
    );
    for (const s of signals) {
      const e = explained.get(s.ticker);
      if (e) out.set(s.ticker, { ...e, storedPUp: s.p_up });
    }
  }
  return out;
}
