import { NonRetryableError } from '../core/errors.js';

export const SENTIMENT = ['positive', 'negative', 'neutral'] as const;
export type Sentiment = (typeof SENTIMENT)[number];

const ALIASES: Record<string, Sentiment> = {
  positive: 'positive',
  pos: 'positive',
  bullish: 'positive',
  negative: 'negative',
  neg: 'negative',
  bearish: 'negative',
  neutral: 'neutral',
  neu: 'neutral',
};

/**
 * Maps a model's `id2label` onto positive/negative/neutral by name, never by position (FinBERT's order is
 * positive, negative, neutral; others differ). Returns, for each of our three labels, the model's output
 * index. A model whose labels cannot be mapped is refused.
 */
export function mapLabels(
  id2label: Record<string | number, string> | undefined,
  model: string,
): [number, number, number] {
  if (!id2label)
    throw new NonRetryableError(
      `model ${model}: config.json has no id2label, so its outputs cannot be mapped to positive/negative/neutral`,
    );
  const found: Partial<Record<Sentiment, number>> = {};
  for (const [id, name] of Object.entries(id2label)) {
    const s = ALIASES[String(name).toLowerCase().trim()];
    if (s) found[s] = Number(id);
  }
  const missing = SENTIMENT.filter((s) => found[s] === undefined);
  if (missing.length) {
    throw new NonRetryableError(
      `model ${model}: labels ${JSON.stringify(Object.values(id2label))} cannot be mapped to ` +
        `positive/negative/neutral (missing ${missing.join(', ')})`,
    );
  }
  return [found.positive!, found.negative!, found.neutral!];
}
