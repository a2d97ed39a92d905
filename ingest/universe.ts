import { readFileSync } from 'node:fs';
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
 */
export function readUniverse(file: string): TickerRow[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  return lines.slice(1).map((line) => {
    const [sector, sym, name, cik, aliases] = line.split('\t').map((c) => c?.trim());
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
  });
}
