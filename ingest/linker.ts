import type { LinkMethod } from '../db/documents.js';
import type { TickerRow } from '../db/tickers.js';
import { cashtags } from './social-text.js';

export interface Link {
  ticker: string;
  method: LinkMethod;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Links text to tickers of the universe. In order of trust: a CIK the source gives, a cashtag, the
 * company name or an alias, a bare upper-case symbol. Symbols on the stop-list (common words such as
 * "ALL" or "IT") link only through a cashtag. One compiled regex per kind keeps this linear in text size.
 */
export class TickerLinker {
  private readonly symbols = new Set<string>();
  private readonly byCik = new Map<string, string>();
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

  link(text: string, opts: { cik?: string | null } = {}): Link[] {
    const out = new Map<string, LinkMethod>();
    const add = (ticker: string, method: LinkMethod) => {
      if (!out.has(ticker)) out.set(ticker, method);
    };
    if (opts.cik) {
      const s = this.byCik.get(opts.cik.replace(/^0+/, ''));
      if (s) add(s, 'cik');
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
