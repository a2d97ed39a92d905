import type { Config } from '../core/config.js';
import type { Store } from '../db/store.js';
import type { ProgressFactory } from './app-context.js';

/** Loads the configured sentiment model (Transformers.js, imported on first use: it is heavy). */
export async function loadConfiguredModel(config: Config) {
  const { loadSentimentModel } = await import('../nlp/model.js');
  const m = config.model;
  return loadSentimentModel({
    name: m.name,
    dtype: m.dtype,
    device: m.device,
    threads: m.threads,
    maxTokens: m.maxTokens,
    allowRemote: m.allowRemote,
  });
}

/**
 * Loads the configured model, scores every document of the store it has not scored yet with a progress
 * report, and always releases the model. The one place that does load / score / dispose.
 */
export async function scoreWithConfiguredModel(
  store: Store,
  config: Config,
  progress: ProgressFactory,
  options: { limit?: number } = {},
) {
  const { scoreStore } = await import('../nlp/score-store.js');
  const model = await loadConfiguredModel(config);
  const bar = progress('scoring');
  try {
    return await scoreStore(store, model, {
      batchSize: config.model.batchSize,
      limit: options.limit,
      onProgress: (done, total) => bar.update(done, total),
    });
  } finally {
    bar.stop();
    await model.dispose();
  }
}
