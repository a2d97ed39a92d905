import { makeDir, writeTextOutput } from '../../core/files.js';
import path from 'node:path';
import { lengthSortedBatches, pipelined } from '../batches.js';
import type { Sentiment } from '../labels.js';
import { SENTIMENT } from '../labels.js';
import type { SentimentModel } from '../model.js';
import { normalizeNews, normalizeSocial } from '../normalize.js';
import { majorityBaseline, vaderBaseline, type Predictor } from './baselines.js';
import type { EvalDataset } from './datasets.js';
import { classificationMetrics, cosine, type ClassMetrics } from './metrics.js';

export interface EvalRow {
  system: string;
  metrics?: ClassMetrics;
  cosine?: number;
  n: number;
}
export interface EvalReport {
  dataset: string;
  n: number;
  hasGold: boolean;
  note?: string;
  rows: EvalRow[];
  predictionsFile?: string;
}

/** The model as a Predictor, with the same normalisation as the scoring stage uses for that kind of text. */
export function modelPredictor(model: SentimentModel, batchSize = 64, kind: 'news' | 'social' = 'news'): Predictor {
  return {
    name: model.id,
    async predict(texts) {
      const norm = texts.map((t) => (kind === 'social' ? normalizeSocial(t) : normalizeNews(t)));
      const out: { label: Sentiment; score: number }[] = new Array(texts.length);
      await pipelined(
        lengthSortedBatches(norm, batchSize, (t) => t.length),
        (idx) => model.encode(idx.map((i) => norm[i])),
        (e) => model.infer(e),
        (idx, probs) =>
          idx.forEach((i, k) => {
            const p = probs[k];
            out[i] = { label: SENTIMENT[p.indexOf(Math.max(p[0], p[1], p[2]))], score: p[0] - p[1] };
          }),
      );
      return out;
    },
  };
}

/**
 * Runs the model and the baselines on one dataset. Labelled sets give accuracy, macro/weighted F1 and the
 * confusion matrix; SemEval gives the cosine score when its gold file is present, otherwise predictions
 * are written to `predictionsOut` for scoring elsewhere.
 */
export async function evaluate(
  ds: EvalDataset,
  model: SentimentModel,
  options: { batchSize?: number; predictionsOut?: string; baselines?: boolean } = {},
): Promise<EvalReport> {
  const texts = ds.items.map((i) => i.text);
  const labelled = ds.items.every((i) => i.label);
  const systems: Predictor[] = [modelPredictor(model, options.batchSize, ds.items[0]?.kind)];
  if (options.baselines !== false)
    systems.push(...(labelled ? [majorityBaseline(ds.items.map((i) => i.label!))] : []), vaderBaseline);
  const report: EvalReport = { dataset: ds.name, n: ds.items.length, hasGold: ds.hasGold, note: ds.note, rows: [] };
  for (const sys of systems) {
    const preds = await sys.predict(texts);
    if (labelled)
      report.rows.push({
        system: sys.name,
        n: preds.length,
        metrics: classificationMetrics(
          ds.items.map((i) => i.label!),
          preds.map((p) => p.label),
        ),
      });
    else if (ds.hasGold) {
      const pairs = ds.items.map((it, k) => [preds[k].score, it.gold] as const).filter(([, g]) => g !== undefined) as [
        number,
        number,
      ][];
      report.rows.push({
        system: sys.name,
        n: pairs.length,
        cosine: cosine(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        ),
      });
    } else if (sys === systems[0] && options.predictionsOut) {
      makeDir(path.dirname(path.resolve(options.predictionsOut)));
      writeTextOutput(
        options.predictionsOut,
        `${ds.items
          .map((it, k) => JSON.stringify({ id: it.id, score: +preds[k].score.toFixed(6), label: preds[k].label }))
          .join('\n')}\n`,
        'predictions',
      );
      report.predictionsFile = options.predictionsOut;
      report.rows.push({ system: sys.name, n: preds.length });
    }
  }
  return report;
}
