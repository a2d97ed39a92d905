import { type DB, stmt } from './store.js';

/** Documents with some text and no score for the model bound first: the scoring backlog. */
export const PENDING = `FROM documents d WHERE NOT EXISTS
    (SELECT 1 FROM sentiment_scores s WHERE s.document_id = d.id AND s.model_id = ?)
  AND (coalesce(d.title, '') <> '' OR coalesce(d.body, '') <> '')`;

/** Documents with some text and no score for `modelId` yet (with ids in `range`, when given). */
export function countUnscored(db: DB, modelId: string, range?: IdRange): number {
  if (range) {
    const sql = `SELECT count(*) n ${PENDING} AND d.id > ? AND d.id <= ?`;
    return (stmt(db, sql).get(modelId, range.after, range.through) as { n: number }).n;
  }
  return (stmt(db, `SELECT count(*) n ${PENDING}`).get(modelId) as { n: number }).n;
}

/** Document ids after `after`, up to and including `through`. */
export interface IdRange {
  after: number;
  through: number;
}

export interface UnscoredDocument {
  id: number;
  kind: string;
  title: string | null;
  body: string | null;
  extra: string | null;
}

/** The next `limit` unscored documents after `afterId`, in id order (a keyset page: stable under writes). */
export function unscoredAfter(
  db: DB,
  modelId: string,
  afterId: number,
  limit: number,
  throughId = Number.MAX_SAFE_INTEGER,
): UnscoredDocument[] {
  const sql = `SELECT d.id, d.kind, d.title, d.body, d.extra ${PENDING}
    AND d.id > ? AND d.id <= ? ORDER BY d.id LIMIT ?`;
  return stmt(db, sql).all(modelId, afterId, throughId, limit) as UnscoredDocument[];
}

export interface ScoreRow {
  documentId: number;
  modelId: string;
  pPositive: number;
  pNegative: number;
  pNeutral: number;
  label: string;
  /** p_positive - p_negative */
  score: number;
  titleScore: number | null;
  /** JSON of per-sentence probabilities for long texts. */
  units: string | null;
  scoredAt: string;
}

/** Writes scores keyed by (document, model): writing the same pair again replaces, never duplicates. */
export function writeScores(db: DB, rows: readonly ScoreRow[]): void {
  const st = stmt(
    db,
    `INSERT INTO sentiment_scores (document_id, model_id, p_positive, p_negative, p_neutral, label, score, title_score,
      units, scored_at)
    VALUES (@documentId, @modelId, @pPositive, @pNegative, @pNeutral, @label, @score, @titleScore, @units, @scoredAt)
    ON CONFLICT (document_id, model_id) DO UPDATE SET p_positive = excluded.p_positive,
      p_negative = excluded.p_negative, p_neutral = excluded.p_neutral, label = excluded.label, score = excluded.score,
      title_score = excluded.title_score, units = excluded.units, scored_at = excluded.scored_at`,
  );
  for (const r of rows) st.run(r);
}
