/** Cashtags in a post, upper-cased without the '$': "$aapl and $BRK.B" -> ["AAPL", "BRK.B"]. */
export function cashtags(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^|[^\w$])\$([A-Za-z][A-Za-z]{0,5}(?:[.-][A-Za-z]{1,2})?)\b/g))
    out.add(m[1].toUpperCase());
  return [...out];
}
