/** Words of a text, lower-cased, letters and digits in any script: the units of token-level overlap. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Token-level precision, recall and F1 of `got` against `want`, as multisets (repeated words count). */
export function tokenOverlap(got: string[], want: string[]): { precision: number; recall: number; f1: number } {
  const counts = new Map<string, number>();
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of got) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  const precision = got.length ? common / got.length : 0;
  const recall = want.length ? common / want.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
