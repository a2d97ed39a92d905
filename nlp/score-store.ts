import type { Store } from '../db/store.js';
import { lengthSortedBatches, pipelined } from './batches.js';
import type { SentimentModel } from './model.js';
import { SENTIMENT } from './labels.js';
import { unitsOf, type ScoreUnit } from './units.js';

export interface ScoreOptions {
  batchSize?: number;
  /** Documents per transaction: their units are length-sorted together (less padding), then written at once. @default 512 */
  docsPerChunk?: number;
  limit?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ScoreSummary {
  model: string;
  documents: number;
  units: number;
  seconds: number;
  unitsPerSecond: number;
}

interface Row {
  id: number;
  kind: string;
  title: string | null;
  body: string | null;
  extra: string | null;
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
export async function scoreStore(store: Store, model: SentimentModel, o: ScoreOptions = {}): Promise<ScoreSummary> {
  const { db } = store;
  const batchSize = o.batchSize ?? 16;
  const chunk = o.docsPerChunk ?? 512;
  db.prepare(
    'INSERT INTO models (id, kind, location, meta, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  ).run(model.id, 'sentiment', model.id, JSON.stringify({ maxTokens: model.maxTokens }), new Date().toISOString());
  const pendingSql = `FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentiment_scores s WHERE s.document_id = d.id AND s.model_id = ?)
    AND (coalesce(d.title, '') <> '' OR coalesce(d.body, '') <> '')`;
  const total = Math.min(
    (db.prepare(`SELECT count(*) n ${pendingSql}`).get(model.id) as { n: number }).n,
    o.limit ?? Infinity,
  );
  const select = db.prepare(
    `SELECT d.id, d.kind, d.title, d.body, d.extra ${pendingSql} AND d.id > ? ORDER BY d.id LIMIT ?`,
  );
  const insert =
    db.prepare(`INSERT INTO sentiment_scores (document_id, model_id, p_positive, p_negative, p_neutral, label, score, title_score, units, scored_at)
    VALUES (@doc, @model, @pos, @neg, @neu, @label, @score, @titleScore, @units, @at)
    ON CONFLICT (document_id, model_id) DO UPDATE SET p_positive = excluded.p_positive, p_negative = excluded.p_negative, p_neutral = excluded.p_neutral,
      label = excluded.label, score = excluded.score, title_score = excluded.title_score, units = excluded.units, scored_at = excluded.scored_at`);
  const t0 = performance.now();
  let done = 0,
    nUnits = 0,
    lastId = 0;
  while (done < total && !o.signal?.aborted) {
    const rows = select.all(model.id, lastId, Math.min(chunk, total - done)) as Row[];
    if (!rows.length) break;
    lastId = rows[rows.length - 1].id;
    const units: ScoreUnit[] = rows.flatMap((r) =>
      unitsOf({ ...r, pretokenised: !!r.extra?.includes('"pretokenised":true') }),
    );
    const probs: Float32Array[] = new Array(units.length);
    const batches = lengthSortedBatches(units, batchSize, (u) => u.text.length);
    await pipelined(
      batches,
      (idx) => model.encode(idx.map((i) => units[i].text)),
      (e) => model.infer(e),
      (idx, out) =>
        idx.forEach((u, k) => {
          probs[u] = out[k];
        }),
    );
    const byDoc = new Map<number, { title?: Float32Array; body: { text: string; p: Float32Array }[] }>();
    units.forEach((u, i) => {
      const e = byDoc.get(u.doc) ?? { body: [] };
      if (u.part === 'title') e.title = probs[i];
      else e.body.push({ text: u.text, p: probs[i] });
      byDoc.set(u.doc, e);
    });
    const at = new Date().toISOString();
    store.tx(() => {
      for (const [doc, e] of byDoc) {
        const p = e.body.length ? aggregate(e.body) : e.title!;
        const label = SENTIMENT[p.indexOf(Math.max(p[0], p[1], p[2]))];
        insert.run({
          doc,
          model: model.id,
          pos: p[0],
          neg: p[1],
          neu: p[2],
          label,
          score: p[0] - p[1],
          at,
          titleScore: e.title && e.body.length ? e.title[0] - e.title[1] : null,
          units:
            e.body.length > 1
              ? JSON.stringify(e.body.map((u) => [u.text, +u.p[0].toFixed(4), +u.p[1].toFixed(4), +u.p[2].toFixed(4)]))
              : null,
        });
      }
    });
    done += rows.length;
    nUnits += units.length;
    o.onProgress?.(done, total);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { model: model.id, documents: done, units: nUnits, seconds, unitsPerSecond: nUnits / Math.max(seconds, 1e-9) };
}
