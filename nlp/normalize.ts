/**
 * Text normalisation before scoring. The model was fine-tuned on raw tweets and headlines (links,
 * @mentions and all), so raw text is left as it was trained on; only StockNet's pre-tokenised tweets are
 * mapped back to raw-tweet form. Stripping links and mentions was measured on the TFNS validation
 * hold-out and lost 0.7 points of accuracy (0.838 vs 0.845), so it is not done.
 * - Any post: whitespace collapsed, cashtags upper-cased (`$aapl` -> `$AAPL`; the tokenizer lower-cases anyway).
 * - StockNet (`pretokenised`): `$ aapl` -> `$AAPL`, `AT_USER` -> `@user`, `URL` -> `https://t.co`,
 *   and the space before punctuation that tokenisation added is removed.
 */
export function normalizeSocial(text: string, opts: { pretokenised?: boolean } = {}): string {
  let s = text;
  if (opts.pretokenised) {
    s = s
      .replace(/(^|\s)\$ ([a-z][a-z.-]{0,6})\b/gi, (_, pre, t) => `${pre}$${t.toUpperCase()}`)
      .replace(/\bAT_USER\b/g, '@user')
      .replace(/\bURL\b/g, 'https://t.co')
      .replace(/\s+([.,!?;:)%])/g, '$1')
      .replace(/([($])\s+/g, '$1');
  }
  s = s.replace(/\$([a-z][a-z]{0,5}(?:[.-][a-z]{1,2})?)\b/gi, (_, t) => `$${t.toUpperCase()}`);
  return s.replace(/\s+/g, ' ').trim();
}

/** News text: collapse whitespace only; punctuation and casing carry meaning for the model. */
export function normalizeNews(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
