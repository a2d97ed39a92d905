import type { NightlyContext } from '../nightly-context.js';
import { scoreWithConfiguredModel } from '../sentiment.js';
import type { Stage } from '../stage.js';

/** Scores every unscored document with the configured model; later stages read its id from the context. */
export const scoreStage: Stage<NightlyContext, { sentimentModelId: string }> = {
  name: 'score',
  async run(ctx) {
    const r = await scoreWithConfiguredModel(ctx.store, ctx.app.config, ctx.app.progress);
    return {
      counts: { model: r.model, documents: r.documents, units: r.units, unitsPerSecond: Math.round(r.unitsPerSecond) },
      adds: { sentimentModelId: r.model },
    };
  },
};

/** Daily sentiment per ticker, point in time, for the model the score stage used. */
export const aggregateStage: Stage<NightlyContext & { sentimentModelId: string }> = {
  name: 'aggregate',
  async run(ctx) {
    const { aggregateDaily } = await import('../../fusion/aggregate.js');
    const counts = aggregateDaily(ctx.store, {
      modelId: ctx.sentimentModelId,
      cutoff: 'prev-close',
      offsetMinutes: ctx.app.config.fusion.cutoffOffsetMinutes,
    });
    return { counts: { ...counts }, adds: {} };
  },
};
