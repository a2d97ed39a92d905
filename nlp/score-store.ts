import { registerModel } from '../db/models.js';
import { countUnscored, type IdRange, type ScoreRow, unscoredAfter, writeScores } from '../db/scores.js';
import type { Store } from '../db/store.js';
import { inLanes, lengthSortedBatches, pipelined } from './batches.js';
import type { SentimentModel } from './model.js';
import type { TextScorer } from './score-pool.js';
import { SENTIMENT } from './labels.js';
import { unitsOfStored, type ScoreUnit } from './units.js';

export interface ScoreOptions {
  batchSize?: number;
  /**
   * Documents per transaction: their units are length-sorted together (less padding), then written at once.
   * @default 512
   */
  docsPerChunk?: number;
  limit?: number;
  /** Only documents with ids in this range (a queued job's). @default every unscored document */
  range?: IdRange;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * Scores the batches instead of `model` (which still names the scores): a pool of scoring threads
   * (nlp/score-pool.ts) runs as many batches at once as it has threads. @default `model` in this thread
   */
  scorer?: TextScorer;
}

export interface ScoreSummary {
  model: string;
  documents: number;
  units: number;
  seconds: number;
  unitsPerSecond: number;
}

/** Length-weighted mean of sentence probabilities (weight = characters), as the document's body score. */
function aggregate(units: { text: string; p: Float32Array }[]): Float32Array {
  const out = new Float32Array(3);
  let w = 0;
  for (const u of units) {
    const k = u.text.length;
    for (let j = 0; j < 3; j++) out[j] += u.p[j] * k;
    w += k;
  }
  for (let j = 0; j < 3; j++) out[j] /= w || 1;
  return out;
}

/**
 * Scores every document that has no score for `model` yet. Each chunk of documents is scored and written
 * in one transaction, keyed by (document, model): a kill loses at most the chunk in flight, and a rerun
 * scores each document exactly once. Documents with no text get no score (and are counted as skipped).
 */
export async function scoreStore(
  store: Store,
  model: SentimentModel,
  options: ScoreOptions = {},
): Promise<ScoreSummary> {
  const { db } = store;
  const batchSize = options.batchSize ?? 16;
  const chunk = options.docsPerChunk ?? 512;
  registerModel(db, {
    id: model.id,
    kind: 'sentiment',
    location: model.id,
    meta: { maxTokens: model.maxTokens },
    createdAt: new Date().toISOString(),
  });
  const total = Math.min(countUnscored(db, model.id, options.range), options.limit ?? Infinity);
  const t0 = performance.now();
  const through = options.range?.through;
  let done = 0,
    nUnits = 0,
    lastId = options.range?.after ?? 0;
  while (done < total && !options.signal?.aborted) {
    const rows = unscoredAfter(db, model.id, lastId, Math.min(chunk, total - done), through);
    if (!rows.length) break;
    lastId = rows[rows.length - 1].id;
    const units: ScoreUnit[] = rows.flatMap((r) => unitsOfStored(r));
    const probs: Float32Array[] = new Array(units.length);
    const batches = lengthSortedBatches(units, batchSize, (u) => u.text.length);
    const keep = (idx: number[], out: Float32Array[]) =>
      idx.forEach((u, k) => {
        probs[u] = out[k];
      });
    const scorer = options.scorer;
    if (scorer) await inLanes(batches, scorer.concurrency, (idx) => scorer.score(idx.map((i) => units[i].text)), keep);
    else
      await pipelined(
        batches,
        (idx) => model.encode(idx.map((i) => units[i].text)),
        (e) => model.infer(e),
        keep,
      );
    const byDoc = new Map<number, { title?: Float32Array; body: { text: string; p: Float32Array }[] }>();
    units.forEach((u, i) => {
      const e = byDoc.get(u.doc) ?? { body: [] };
      if (u.part === 'title') e.title = probs[i];
      else e.body.push({ text: u.text, p: probs[i] });
      byDoc.set(u.doc, e);
    });
    const at = new Date().toISOString();
    const scores: ScoreRow[] = [];
    for (const [doc, e] of byDoc) {
      const p = e.body.length ? aggregate(e.body) : e.title!;
      const multi = e.body.length > 1;
      scores.push({
        documentId: doc,
        modelId: model.id,
        pPositive: p[0],
        pNegative: p[1],
        pNeutral: p[2],
        label: SENTIMENT[p.indexOf(Math.max(p[0], p[1], p[2]))],
        score: p[0] - p[1],
        titleScore: e.title && e.body.length ? e.title[0] - e.title[1] : null,
        units: multi ? JSON.stringify(e.body.map((u) => [u.text, ...[...u.p].map((x) => +x.toFixed(4))])) : null,
        scoredAt: at,
      });
    }
    store.tx(() => writeScores(db, scores));
    done += rows.length;
    nUnits += units.length;
    options.onProgress?.(done, total);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { model: model.id, documents: done, units: nUnits, seconds, unitsPerSecond: nUnits / Math.max(seconds, 1e-9) };
}
