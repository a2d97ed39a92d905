/**
 * Text normalisation before scoring, explicit so every rule is tested:
 * - StockNet's pre-tokenised tweets: `$ aapl` becomes `$AAPL`, `AT_USER` becomes `@user`, `URL` is dropped,
 *   and `rt` at the start is dropped (it carries no sentiment).
 * - Any post: links are dropped, @mentions become `@user`, cashtags are upper-cased, whitespace collapsed.
 * The model's tokenizer lower-cases anyway; upper-casing keeps stored text readable and consistent.
 */
export function normalizeSocial(text: string, opts: { pretokenised?: boolean } = {}): string {
  let s = text;
  if (opts.pretokenised) {
    s = s.replace(/(^|\s)\$ ([a-z][a-z.\-]{0,6})\b/gi, (_, pre, t) => `${pre}$${t.toUpperCase()}`)
      .replace(/\bAT_USER\b/g, '@user').replace(/\bURL\b/g, ' ').replace(/^\s*rt\s+/i, '');
  }
  s = s.replace(/https?:\/\/\S+|www\.\S+/gi, ' ')
    .replace(/(^|[^\w])@\w{1,30}/g, '$1@user')
    .replace(/\$([a-z][a-z]{0,5}(?:[.-][a-z]{1,2})?)\b/gi, (_, t) => `$${t.toUpperCase()}`);
  return s.replace(/\s+/g, ' ').trim();
}

/** News text: collapse whitespace only; punctuation and casing carry meaning for the model. */
export function normalizeNews(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
