import { beginRun, finishRun, recordStage, type StageRecord } from '../db/runs.js';
import type { AppContext } from './app-context.js';
import type { NightlyContext, NightlyOptions } from './nightly-context.js';
import { Pipeline } from './stage.js';
import { articlesStage, importStage, ingestStage, linkStage } from './stages/acquire.js';
import { reportStage, signalsStage, trainStage } from './stages/fusion.js';
import { aggregateStage, scoreStage } from './stages/score.js';

export type { NightlyOptions };

/** The nightly run, as a declared list: each stage reads what the ones before it added. */
export const NIGHTLY = Pipeline.start<NightlyContext>()
  .use(importStage)
  .use(ingestStage)
  .use(articlesStage)
  .use(linkStage)
  .use(scoreStage)
  .use(aggregateStage)
  .use(trainStage)
  .use(signalsStage)
  .use(reportStage);

export interface NightlyResult {
  runId: number;
  status: 'ok' | 'failed';
  stages: StageRecord[];
  signalDay: string | null;
  reportPath: string | null;
}

/**
 * Runs the nightly pipeline as one recorded run (a lock against a second run, per-stage counts, timings and
 * errors). The first failing stage stops the run and marks it failed; what earlier stages stored stays stored,
 * and the next run picks up where this one stopped because every stage only does what is still missing.
 */
export async function runNightly(app: AppContext, options: NightlyOptions = {}): Promise<NightlyResult> {
  const store = app.store();
  const runId = beginRun(store, 'nightly');
  const result = await NIGHTLY.run<NightlyContext>(
    { app, store, options, runId },
    { logger: app.logger, onStage: (r) => recordStage(store, runId, r) },
  );
  finishRun(store, runId, result.status, result.error);
  return {
    runId,
    status: result.status,
    stages: result.stages,
    signalDay: result.context.signalDay ?? null,
    reportPath: result.context.reportPath ?? null,
  };
}
