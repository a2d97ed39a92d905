import type { NightlyContext } from '../nightly-context.js';
import { scoreDistributed, scoreWithConfiguredModel } from '../sentiment.js';
import type { Stage } from '../stage.js';

/**
 * Scores every unscored document with the configured model, in-process or (--distributed) through the queue;
 * later stages read the model's id from the context.
 */
export const scoreStage: Stage<NightlyContext, { sentimentModelId: string }> = {
  name: 'score',
  async run(ctx) {
    if (ctx.options.distributed) {
      const r = await scoreDistributed(ctx.store, ctx.app, ctx.runId);
      return { counts: { ...r }, adds: { sentimentModelId: r.model } };
    }
    const r = await scoreWithConfiguredModel(ctx.store, ctx.app.config, ctx.app.progress);
    return {
      counts: {
        model: r.model,
        documents: r.documents,
        units: r.units,
        unitsPerSecond: Math.round(r.unitsPerSecond),
        scoringThreads: r.scoringThreads,
      },
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
