import type { SentimentModel } from './model.js';

/** How much one word moves the score: score(text) − score(text without the word), in p(pos) − p(neg). */
export interface WordContribution {
  word: string;
  /** Character offsets in the text. */
  start: number;
  end: number;
  contribution: number;
}

export interface TextExplanation {
  text: string;
  /** p(positive) − p(negative) of the whole text, in [−1, 1]. */
  score: number;
  probabilities: { positive: number; negative: number; neutral: number };
  label: 'positive' | 'negative' | 'neutral';
  /** Every word in text order; words past the model's token window have contribution 0 and `truncated`. */
  words: (WordContribution & { truncated?: boolean })[];
}

const LABELS = ['positive', 'negative', 'neutral'] as const;

/** The text with one word cut out (and the gap closed), as occlusion removes it. */
function without(text: string, start: number, end: number): string {
  return `${text.slice(0, start)}${text.slice(end)}`.replace(/\s{2,}/g, ' ').trim();
}

/**
 * Explains scores by leave-one-word-out occlusion: every text and each of its one-word-shorter variants go
 * through the model in one batched inference call (a score does not depend on its batch-mates, which the parity
 * tests pin), and a word's contribution is how much the score drops without it. Positive words push towards
 * "positive", negative towards "negative". At most `maxWords` words per text are occluded (the rest are marked
 * truncated); with a 64-token window, words past it cannot matter anyway.
 * @example (await explainTexts(model, ['Profit beat estimates']))[0].words
 */
export async function explainTexts(
  model: SentimentModel,
  texts: string[],
  options: { maxWords?: number } = {},
): Promise<TextExplanation[]> {
  const maxWords = options.maxWords ?? 96;
  const words = texts.map((t) =>
    [...t.matchAll(/\S+/g)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length })),
  );
  const inputs: string[] = [];
  const offsets: number[] = [];
  texts.forEach((t, i) => {
    offsets.push(inputs.length);
    inputs.push(t);
    for (const w of words[i].slice(0, maxWords)) inputs.push(without(t, w.start, w.end));
  });
  const probs = inputs.length ? await model.infer(model.encode(inputs)) : [];
  const scoreOf = (p: Float32Array) => p[0] - p[1];
  return texts.map((text, i) => {
    const full = probs[offsets[i]];
    const score = scoreOf(full);
    const explained = words[i].map((w, k) =>
      k < maxWords
        ? { ...w, contribution: score - scoreOf(probs[offsets[i] + 1 + k]) }
        : { ...w, contribution: 0, truncated: true },
    );
    const best = [0, 1, 2].reduce((a, b) => (full[b] > full[a] ? b : a), 0);
    const probabilities = { positive: full[0], negative: full[1], neutral: full[2] };
    return { text, score, probabilities, label: LABELS[best], words: explained };
  });
}
