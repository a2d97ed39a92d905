import { normalizeNews, normalizeSocial } from './normalize.js';

export interface ScoreUnit {
  doc: number;
  part: 'title' | 'body';
  text: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Splits text into sentences (ICU rules via Intl.Segmenter), merging fragments under 3 words into neighbours. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const s = segment.trim();
    if (!s) continue;
    if (out.length && s.split(/\s+/).length < 3) out[out.length - 1] += ` ${s}`;
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
    for (const s of splitSentences(normalizeNews(d.body)).slice(0, maxSentences))
      units.push({ doc: d.id, part: 'body', text: s });
  return units;
}

/** A stored document's units: its `extra` JSON says whether an importer already tokenised its text. */
export function unitsOfStored(d: Omit<UnitDoc, 'pretokenised'> & { extra?: string | null }): ScoreUnit[] {
  return unitsOf({ ...d, pretokenised: !!d.extra?.includes('"pretokenised":true') });
}
