import { CriticalError, errorMessage } from '../core/errors.js';

export interface PerSymbol<T> {
  /** What each symbol that answered gave, in the configured order. */
  results: { symbol: string; value: T }[];
  /** One line per symbol that failed: `SYMBOL: why`. */
  failures: string[];
}

/**
 * Runs `fetchOne` for every symbol of a multi-symbol source, one at a time (the HTTP client's per-host queue paces
 * them). A symbol that fails (delisted, renamed, a 404, Stooq's "No data") is reported while the others land:
 * otherwise one bad name in the config would keep the whole source from ever storing anything. Only when every
 * symbol fails does the source fail, with the first symbol's error; a critical error or an abort stops at once.
 */
export async function eachSymbol<T>(
  symbols: string[],
  fetchOne: (symbol: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<PerSymbol<T>> {
  const results: PerSymbol<T>['results'] = [];
  const failures: string[] = [];
  let first: unknown = null;
  for (const symbol of symbols) {
    try {
      results.push({ symbol, value: await fetchOne(symbol) });
    } catch (err) {
      if (err instanceof CriticalError || signal?.aborted) throw err;
      first ??= err;
      failures.push(`${symbol}: ${errorMessage(err)}`);
    }
  }
  if (symbols.length && !results.length) throw first;
  return { results, failures };
}
