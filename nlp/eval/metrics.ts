import { SENTIMENT, type Sentiment } from '../labels.js';

export interface ClassMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  perClass: Record<Sentiment, { precision: number; recall: number; f1: number; support: number }>;
  confusion: { labels: readonly Sentiment[]; matrix: number[][] };
}

/** Accuracy, macro- and support-weighted F1 and the confusion matrix (rows gold, columns predicted). */
export function classificationMetrics(gold: Sentiment[], pred: Sentiment[]): ClassMetrics {
  const idx = (l: Sentiment) => SENTIMENT.indexOf(l);
  const m = SENTIMENT.map(() => SENTIMENT.map(() => 0));
  gold.forEach((g, i) => m[idx(g)][idx(pred[i])]++);
  const perClass = {} as ClassMetrics['perClass'];
  let macro = 0,
    weighted = 0,
    correct = 0;
  SENTIMENT.forEach((l, k) => {
    const tp = m[k][k];
    correct += tp;
    const support = m[k].reduce((a, b) => a + b, 0);
    const predicted = m.reduce((a, row) => a + row[k], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[l] = { precision, recall, f1, support };
    macro += f1 / SENTIMENT.length;
    weighted += (f1 * support) / Math.max(gold.length, 1);
  });
  return {
    n: gold.length,
    accuracy: correct / Math.max(gold.length, 1),
    macroF1: macro,
    weightedF1: weighted,
    perClass,
    confusion: { labels: SENTIMENT, matrix: m },
  };
}

/** SemEval-2017 task 5's official score: cosine similarity between predicted and gold score vectors. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
