import vader from 'vader-sentiment';
import type { Sentiment } from '../labels.js';

export interface Predictor {
  name: string;
  predict(texts: string[]): Promise<{ label: Sentiment; score: number }[]>;
}

/** Always the most frequent label of the gold set; the floor every model must clear. */
export function majorityBaseline(gold: Sentiment[]): Predictor {
  const counts = new Map<Sentiment, number>();
  for (const g of gold) counts.set(g, (counts.get(g) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'neutral';
  return { name: `majority (${top})`, predict: async (texts) => texts.map(() => ({ label: top, score: 0 })) };
}

/** VADER (vader-sentiment, the JS port) with its documented compound thresholds of ±0.05. */
export const vaderBaseline: Predictor = {
  name: 'lexicon (VADER)',
  predict: async (texts) =>
    texts.map((t) => {
      const c = vader.SentimentIntensityAnalyzer.polarity_scores(t).compound as number;
      return { label: c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral', score: c };
    }),
};
