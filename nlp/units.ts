import { normalizeNews, normalizeSocial } from './normalize.js';

export interface ScoreUnit {
  doc: number;
  part: 'title' | 'body';
  text: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Characters segmented for each sentence wanted: a sentence this long is rare, and the model reads only its first
 * 64 tokens (a few hundred characters) anyway.
 */
const CHARS_PER_SENTENCE = 2000;

/**
 * The first `max` sentences of a text (ICU rules via Intl.Segmenter), fragments under 3 words merged into the
 * sentence before. V8's segmenter takes time linear in the whole text for every sentence it steps over, so splitting
 * a 5 MB filing took nine minutes; only a window that can hold `max` sentences is segmented, and the walk stops once
 * the `max`-th sentence can take no more fragments.
 */
export function splitSentences(text: string, max = Number.POSITIVE_INFINITY): string[] {
  const window = Number.isFinite(max) ? text.slice(0, max * CHARS_PER_SENTENCE) : text;
  const out: string[] = [];
  for (const { segment } of segmenter.segment(window)) {
    const s = segment.trim();
    if (!s) continue;
    if (out.length && s.split(/\s+/).length < 3) out[out.length - 1] += ` ${s}`;
    else if (out.length === max) break;
    else out.push(s);
  }
  return out;
}

export interface UnitDoc {
  id: number;
  kind: string;
  title: string | null;
  body: string | null;
  pretokenised?: boolean;
}

/**
 * The units a document is scored by. Social posts and headlines are one unit. A news or filing body is
 * split into sentences (FinBERT is a sentence model trained on 64 tokens), and a title is a unit of its own.
 */
export function unitsOf(d: UnitDoc, maxSentences = 64): ScoreUnit[] {
  if (d.kind === 'social') {
    const text = normalizeSocial([d.title, d.body].filter(Boolean).join('. '), { pretokenised: d.pretokenised });
    return text ? [{ doc: d.id, part: 'body', text }] : [];
  }
  const units: ScoreUnit[] = [];
  if (d.title) units.push({ doc: d.id, part: 'title', text: normalizeNews(d.title) });
  if (d.body)
    for (const s of splitSentences(normalizeNews(d.body), maxSentences))
      units.push({ doc: d.id, part: 'body', text: s });
  return units;
}

/** A stored document's units: its `extra` JSON says whether an importer already tokenised its text. */
export function unitsOfStored(d: Omit<UnitDoc, 'pretokenised'> & { extra?: string | null }): ScoreUnit[] {
  return unitsOf({ ...d, pretokenised: !!d.extra?.includes('"pretokenised":true') });
}
