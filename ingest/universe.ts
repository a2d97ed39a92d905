import { readFileSync } from 'node:fs';
import { NonRetryableError } from '../core/errors.js';
import { TICKER_SYMBOL } from '../core/tickers.js';
import type { TickerRow } from '../db/tickers.js';

const SUFFIXES =
  'inc|incorporated|corp|corporation|co|company|plc|ltd|limited|llc|lp|l\\.p|sa|ag|n\\.v|nv|group|holdings?|trust';
const SUFFIX = new RegExp(`[,.]?\\s+(${SUFFIXES})\\.?$`, 'i');

/** "Apple Inc." -> "Apple"; "The Coca-Cola Company" -> "Coca-Cola". Used as the name alias for linking. */
export function shortName(name: string): string {
  let s = name.trim().replace(/^the\s+/i, '');
  for (let i = 0; i < 3; i++) s = s.replace(SUFFIX, '').trim();
  return s;
}

/**
 * Reads a universe file in StockNet's StockTable format: a header, then `Sector<TAB>$SYMBOL<TAB>Company`.
 * Optional 4th and 5th columns: CIK and `|`-separated extra aliases.
 * @throws NonRetryableError naming the file and line of a row without a ticker symbol in its second column (a row
 * separated by spaces instead of tabs crashed the reader).
 */
export function readUniverse(file: string): TickerRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new NonRetryableError(`cannot read universe file ${file}: ${(cause as Error).message}`, { cause });
  }
  const lines = text.split(/\r?\n/).map((line, i) => ({ line, n: i + 1 }));
  return lines
    .filter(({ line }) => line.trim())
    .slice(1)
    .map(({ line, n }) => universeRow(line, `${file}:${n}`));
}

function universeRow(line: string, where: string): TickerRow {
  const [sector, sym, name, cik, aliases] = line.split('\t').map((c) => c?.trim());
  if (!sym || !TICKER_SYMBOL.test(sym.replace(/^\$/, '')))
    throw new NonRetryableError(
      `${where}: no ticker symbol in the second column (found ${JSON.stringify(sym ?? line)}); ` +
        'a universe row is Sector<TAB>$SYMBOL<TAB>Company[<TAB>CIK<TAB>alias|alias]',
    );
  const extra = (aliases ?? '')
    .split('|')
    .map((a) => a.trim())
    .filter(Boolean);
  const short = name ? shortName(name) : null;
  return {
    symbol: sym.replace(/^\$/, '').toUpperCase(),
    name: name ?? null,
    sector: sector ?? null,
    cik: cik ? cik.replace(/^0+/, '') : null,
    aliases: [...new Set([...(short && short !== name ? [short] : []), ...extra])],
  };
}
