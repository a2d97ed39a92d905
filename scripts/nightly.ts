import { existsSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { beginRun, finishRun, recordStage, type StageRecord } from '../db/runs.js';
import { aggregateDaily } from '../fusion/aggregate.js';
import { nextTradingDay } from '../fusion/calendar.js';
import { loadFusionModel, type FusionModel } from '../fusion/model-io.js';
import { writeSignals } from '../fusion/signals.js';
import { liveSpec, trainLive } from '../fusion/train-live.js';
import { fetchArticles } from '../ingest/fetch-articles.js';
import { importStocknet } from '../ingest/importers/stocknet.js';
import { runIngest } from '../ingest/run-ingest.js';
import { relinkIfUniverseChanged, universeHash } from '../ingest/relink.js';
import { listTickers } from '../db/tickers.js';
import { buildSources } from '../ingest/sources.js';
import { scoreStore } from '../nlp/score-store.js';
import { writeReport } from '../serve/report.js';
import type { AppContext } from './context.js';
import { fusionDir, latestPriceDay, sentimentModelId } from './commands/fusion.js';
import { loadConfiguredModel } from './commands/score.js';
import { progress } from './progress.js';

export interface NightlyOptions {
  importStocknetDir?: string;
  retrain?: 'auto' | 'always' | 'never';
  reportPath?: string;
  quiet?: boolean;
  signalDate?: string;
}
export interface NightlyResult {
  runId: number;
  status: 'ok' | 'failed';
  stages: StageRecord[];
  signalDay: string | null;
  reportPath: string | null;
}

/**
 * ingest -> articles -> link -> score -> aggregate -> (retrain on cadence) -> signals -> report, recorded as
 * one run with per-stage counts, timings and errors. The first failing stage stops the run (later stages
 * depend on it) and the run is marked failed; everything earlier stages stored stays stored, and the next
 * run picks up where this one stopped because every stage only does what is still missing.
 */
export async function runNightly(ctx: AppContext, o: NightlyOptions = {}): Promise<NightlyResult> {
  const store = ctx.store();
  const c = ctx.config;
  const log = ctx.logger;
  const runId = beginRun(store, 'nightly');
  const stages: StageRecord[] = [];
  let failed: string | undefined;
  let signalDay: string | null = null;
  let reportPath: string | null = null;
  const stage = async (name: string, fn: () => Promise<Record<string, unknown>>) => {
    if (failed) {
      const s: StageRecord = { name, status: 'skipped', counts: {}, ms: 0 };
      stages.push(s);
      recordStage(store, runId, s);
      return;
    }
    log.info({ stage: name }, `stage ${name}`);
    const t0 = performance.now();
    let s: StageRecord;
    try {
      const counts = await fn();
      s = { name, status: 'ok', counts, ms: Math.round(performance.now() - t0) };
      log.info({ stage: name, ms: s.ms, ...counts }, `stage ${name} done`);
    } catch (err) {
      s = { name, status: 'failed', counts: {}, ms: Math.round(performance.now() - t0), error: errorMessage(err) };
      failed = `${name}: ${s.error}`;
      log.error({ stage: name, err: s.error }, `stage ${name} failed`);
    }
    stages.push(s);
    recordStage(store, runId, s);
  };
  const deps = () => ({ store, http: ctx.http(), clock: systemClock, logger: log, linker: ctx.linker(), env: ctx.env });

  if (o.importStocknetDir)
    await stage('import', async () => {
      const bar = progress('import', o.quiet);
      try {
        return { ...importStocknet(store, o.importStocknetDir!, { onProgress: (d, t) => bar.update(d, t) }) };
      } finally {
        bar.stop();
      }
    });
  await stage('ingest', async () => {
    const out = await runIngest(buildSources(c), deps());
    const errors = out.filter((x) => x.status === 'error');
    return {
      sources: out.length,
      inserted: out.reduce((a, x) => a + x.inserted, 0),
      updated: out.reduce((a, x) => a + x.updated, 0),
      prices: out.reduce((a, x) => a + x.prices, 0),
      sourceErrors: errors.map((e) => `${e.id}: ${e.error}`),
    };
  });
  await stage('articles', async () => ({ ...(await fetchArticles(deps())) }));
  await stage('link', async () =>
    relinkIfUniverseChanged(store, ctx.linker(), universeHash(listTickers(store.db), c.tickerStopList)),
  );
  await stage('score', async () => {
    const model = await loadConfiguredModel(c);
    const bar = progress('scoring', o.quiet);
    try {
      const r = await scoreStore(store, model, {
        batchSize: c.model.batchSize,
        onProgress: (d, t) => bar.update(d, t),
      });
      return { model: r.model, documents: r.documents, units: r.units, unitsPerSecond: Math.round(r.unitsPerSecond) };
    } finally {
      bar.stop();
      await model.dispose();
    }
  });
  const modelId = sentimentModelId(c);
  await stage('aggregate', async () => ({
    ...aggregateDaily(store, { modelId, cutoff: 'prev-close', offsetMinutes: c.fusion.cutoffOffsetMinutes }),
  }));
  let fm: FusionModel | undefined;
  await stage('train', async () => {
    const dir = fusionDir(c);
    const spec = liveSpec({
      sentimentModel: modelId,
      window: c.fusion.window,
      cutoff: 'prev-close',
      offsetMinutes: c.fusion.cutoffOffsetMinutes,
    });
    if (o.retrain !== 'always' && existsSync(path.join(dir, 'meta.json'))) {
      try {
        fm = await loadFusionModel(dir, spec);
        const ageDays = (Date.now() - Date.parse(fm.meta.trainedAt)) / 864e5;
        if (o.retrain === 'never' || ageDays < c.schedule.retrainEveryDays)
          return { retrained: false, model: fm.meta.id, ageDays: +ageDays.toFixed(1) };
      } catch (err) {
        log.warn({ err: errorMessage(err) }, 'saved fusion model unusable; retraining');
      }
    }
    if (o.retrain === 'never') throw new Error(`no usable fusion model in ${dir} and retraining is off`);
    const meta = await trainLive(store, dir, spec, { seed: 0 });
    fm = await loadFusionModel(dir, spec);
    return { retrained: true, model: meta.id, ...meta.training };
  });
  await stage('signals', async () => {
    const last = latestPriceDay(store);
    if (!last) throw new Error('no prices in the store: import or ingest daily prices first');
    signalDay = o.signalDate ?? nextTradingDay(last);
    const next = await writeSignals(store, fm!, signalDay);
    // Sessions held out from the model's training (used only for early stopping) get signals too, where they
    // have none from this model yet, so the backtest in the report is out of sample.
    const devFrom = fm!.meta.training.devFrom as string;
    const missing = (
      store.db
        .prepare(
          `SELECT DISTINCT day FROM prices WHERE day >= ? AND day NOT IN (SELECT day FROM signals WHERE model_id = ?) ORDER BY day`,
        )
        .all(devFrom, fm!.meta.id) as { day: string }[]
    ).map((r) => r.day);
    const backfilled = (await writeSignals(store, fm!, missing)).written.length;
    return { day: signalDay, tickers: next.written.length, skipped: next.skipped.length, backfilled };
  });
  await stage('report', async () => {
    reportPath = o.reportPath ?? path.join(path.dirname(path.resolve(c.dbPath)), 'report.html');
    return { ...writeReport(store, reportPath, { costBps: c.fusion.costBps }) };
  });
  finishRun(store, runId, failed ? 'failed' : 'ok', failed);
  return { runId, status: failed ? 'failed' : 'ok', stages, signalDay, reportPath };
}
