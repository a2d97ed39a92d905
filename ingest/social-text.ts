/** Cashtags in a post, upper-cased without the '$': "$aapl and $BRK.B" -> ["AAPL", "BRK.B"]. */
export function cashtags(text: string): string[] {
  return [...new Set(cashtagMentions(text))];
}

/** Every cashtag in the text, upper-cased, once per mention. */
export function cashtagMentions(text: string): string[] {
  return [...text.matchAll(/(?:^|[^\w$])\$([A-Za-z][A-Za-z]{0,5}(?:[.-][A-Za-z]{1,2})?)\b/g)].map((m) =>
    m[1].toUpperCase(),
  );
}
