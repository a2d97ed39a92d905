import type { LinkMethod } from '../db/documents.js';
import type { TickerRow } from '../db/tickers.js';
import { cashtags } from './social-text.js';
import { shortName } from './universe.js';

export interface Link {
  ticker: string;
  method: LinkMethod;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A company name as two listings of the same company agree on it: without case, legal suffix, EDGAR's state tag
 * ("WELLS FARGO & COMPANY/MN") or punctuation. "JPMorgan Chase & Co." and "JPMORGAN CHASE & CO" -> "jpmorgan chase".
 */
export function comparableName(name: string): string {
  return shortName(name.replace(/\/[a-z]{2,3}\/?\s*$/i, ''))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Links text to tickers of the universe. In order of trust: a CIK the source gives, a cashtag, the
 * company name or an alias, a bare upper-case symbol. Symbols on the stop-list (common words such as
 * "ALL" or "IT") link only through a cashtag. One compiled regex per kind keeps this linear in text size.
 */
export class TickerLinker {
  private readonly symbols = new Set<string>();
  private readonly byCik = new Map<string, string>();
  private readonly byComparableName = new Map<string, Set<string>>();
  private readonly nameToSymbol = new Map<string, { symbol: string; method: LinkMethod }>();
  private readonly nameRe: RegExp | null;
  private readonly symbolRe: RegExp | null;

  constructor(universe: TickerRow[], stopList: readonly string[] = []) {
    const stop = new Set(stopList.map((s) => s.toUpperCase()));
    for (const t of universe) {
      this.symbols.add(t.symbol);
      if (t.cik) this.byCik.set(t.cik, t.symbol);
      if (t.name) this.nameToSymbol.set(t.name.toLowerCase(), { symbol: t.symbol, method: 'name' });
      for (const a of t.aliases)
        if (a.length >= 3) this.nameToSymbol.set(a.toLowerCase(), { symbol: t.symbol, method: 'alias' });
      for (const n of [t.name, ...t.aliases]) {
        const key = n ? comparableName(n) : '';
        if (!key) continue;
        const symbols = this.byComparableName.get(key) ?? new Set<string>();
        this.byComparableName.set(key, symbols.add(t.symbol));
      }
    }
    const names = [...this.nameToSymbol.keys()].sort((a, b) => b.length - a.length).map(escapeRegex);
    this.nameRe = names.length ? new RegExp(`(?<![\\w])(${names.join('|')})(?![\\w])`, 'gi') : null;
    const bare = [...this.symbols]
      .filter((s) => !stop.has(s) && s.length >= 2)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegex);
    this.symbolRe = bare.length ? new RegExp(`(?<![$\\w.-])(${bare.join('|')})(?![\\w-])`, 'g') : null;
  }

  has(symbol: string): boolean {
    return this.symbols.has(symbol.toUpperCase());
  }

  /**
   * `cik` and `filer` are a filing's filer as its feed gives them. A filing concerns its filer, so once the filer
   * is named, its CIK or its whole name decides and the text is not searched: a title such as "SOUTHERN FIRST
   * BANCSHARES INC (0001090009) (Filer)" holds the alias "Southern" of another company.
   */
  link(text: string, opts: { cik?: string | null; filer?: string | null } = {}): Link[] {
    const out = new Map<string, LinkMethod>();
    const add = (ticker: string, method: LinkMethod) => {
      if (!out.has(ticker)) out.set(ticker, method);
    };
    if (opts.cik) {
      const s = this.byCik.get(opts.cik.replace(/^0+/, ''));
      if (s) add(s, 'cik');
    }
    if (opts.filer) {
      if (!out.size) for (const s of this.byComparableName.get(comparableName(opts.filer)) ?? []) add(s, 'name');
      return [...out].map(([ticker, method]) => ({ ticker, method }));
    }
    for (const tag of cashtags(text)) if (this.symbols.has(tag)) add(tag, 'cashtag');
    if (this.nameRe)
      for (const m of text.matchAll(this.nameRe)) {
        const hit = this.nameToSymbol.get(m[1].toLowerCase());
        if (hit) add(hit.symbol, hit.method);
      }
    if (this.symbolRe) for (const m of text.matchAll(this.symbolRe)) add(m[1], 'symbol');
    return [...out].map(([ticker, method]) => ({ ticker, method }));
  }
}
