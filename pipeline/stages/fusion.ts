import path from 'node:path';
import { NonRetryableError } from '../../core/errors.js';
import { latestPriceDay } from '../../db/prices.js';
import { sessionsWithoutSignals } from '../../db/signals-store.js';
import type { FusionModel } from '../../fusion/model-io.js';
import type { NightlyContext } from '../nightly-context.js';
import { fusionModelDir, storeHome } from '../registry.js';
import type { Stage } from '../stage.js';

type Scored = NightlyContext & { sentimentModelId: string };

/**
 * Reuses the saved fusion model while it is younger than `schedule.retrainEveryDays` (and was built for the
 * same features and network); otherwise trains a new one on all labelled history and keeps it in memory for the
 * signals.
 */
export const trainStage: Stage<Scored, { fusionModel: FusionModel }> = {
  name: 'train',
  async run(ctx) {
    const { currentFusionModel } = await import('../../fusion/registry.js');
    const { configuredLiveSpec, configuredTraining, trainLive } = await import('../../fusion/train-live.js');
    const { config, logger } = ctx.app;
    const retrain = ctx.options.retrain ?? 'auto';
    const dir = fusionModelDir(config);
    const spec = configuredLiveSpec(ctx.store, config, ctx.sentimentModelId, (f, m) => logger.warn(f, m));
    const saved =
      retrain === 'always'
        ? undefined
        : await currentFusionModel(ctx.store, { expected: spec, kind: configuredTraining(config).kind });
    if (saved) {
      const ageDays = (Date.now() - Date.parse(saved.meta.trainedAt)) / 864e5;
      if (retrain === 'never' || ageDays < config.schedule.retrainEveryDays) {
        const counts = { retrained: false, model: saved.meta.id, ageDays: +ageDays.toFixed(1) };
        return { counts, adds: { fusionModel: saved } };
      }
      logger.info({ model: saved.meta.id, ageDays: +ageDays.toFixed(1) }, 'fusion model due for retraining');
      saved.model.dispose();
    }
    if (retrain === 'never') throw new NonRetryableError(`no usable fusion model in ${dir} and retraining is off`);
    const trained = await trainLive(ctx.store, dir, spec, { seed: 0, ...configuredTraining(config) });
    return {
      counts: { retrained: true, model: trained.meta.id, ...trained.meta.training },
      adds: { fusionModel: trained },
    };
  },
  cleanup(ctx) {
    ctx.fusionModel?.model.dispose();
  },
};

/**
 * P(up) for the next session (or `signalDate`), plus the sessions held out of the model's training (used only
 * for early stopping) that have no signal from it yet, so the report's backtest is out of sample.
 */
export const signalsStage: Stage<Scored & { fusionModel: FusionModel }, { signalDay: string }> = {
  name: 'signals',
  async run(ctx) {
    const { writeSignals } = await import('../../fusion/signals.js');
    const { nextTradingDay } = await import('../../fusion/calendar.js');
    const last = latestPriceDay(ctx.store.db);
    if (!last) throw new NonRetryableError('no prices in the store: import or ingest daily prices first');
    const signalDay = ctx.options.signalDate ?? nextTradingDay(last);
    const model = ctx.fusionModel;
    const next = await writeSignals(ctx.store, model, signalDay);
    const missing = sessionsWithoutSignals(ctx.store.db, model.meta.id, model.meta.training.devFrom as string);
    const backfilled = (await writeSignals(ctx.store, model, missing)).written.length;
    const counts = { day: signalDay, tickers: next.written.length, skipped: next.skipped.length, backfilled };
    return { counts, adds: { signalDay } };
  },
};

/** The self-contained HTML report beside the database (or where the options say). */
export const reportStage: Stage<NightlyContext, { reportPath: string }> = {
  name: 'report',
  async run(ctx) {
    const { writeReport } = await import('../../serve/report.js');
    const { config } = ctx.app;
    const reportPath = ctx.options.reportPath ?? path.join(storeHome(config).dir, 'report.html');
    const counts = await writeReport(ctx.store, reportPath, { costBps: config.fusion.costBps });
    return { counts: { ...counts }, adds: { reportPath } };
  },
};
