import type { LinkMethod } from '../db/documents.js';
import type { TickerRow } from '../db/tickers.js';
import { cashtagMentions } from './social-text.js';
import { shortName } from './universe.js';

export interface Link {
  ticker: string;
  method: LinkMethod;
  /**
   * How much the text is about the ticker, in (0, 1]: 1 for the filer of a filing, a ticker named in the title or
   * the only ticker named; otherwise its mentions over those of the most-mentioned ticker, so a company a story
   * names once beside one it names eight times weighs 1/8.
   */
  relevance: number;
}

/** The least relevance a link gets (relevance is kept to three decimals). */
const MIN_RELEVANCE = 0.001;

/** Ways a text names a ticker, most trusted first (a stable sort keeps the title's first among equals). */
const TRUST: Record<LinkMethod, number> = { cik: 0, source: 0, cashtag: 1, name: 2, alias: 2, symbol: 3 };

/** Mentions of each ticker in a text, and the way the first one was made. */
type Mentions = Map<string, { method: LinkMethod; count: number }>;

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
   * The tickers `text` names, each with how it was linked and its relevance. `title`, where the text has one, is
   * searched too, and a ticker it names is fully relevant. `cik` and `filer` are a filing's filer as its feed gives
   * them. A filing concerns its filer, so once the filer is named, its CIK or its whole name decides and the text is
   * not searched: a title such as "SOUTHERN FIRST BANCSHARES INC (0001090009) (Filer)" holds the alias "Southern"
   * of another company.
   */
  link(text: string, opts: { cik?: string | null; filer?: string | null; title?: string | null } = {}): Link[] {
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
      return [...out].map(([ticker, method]) => ({ ticker, method, relevance: 1 }));
    }
    const inTitle = this.mentions(opts.title ?? '');
    const inText = this.mentions(text);
    // The most trusted way either text names a ticker is how it is linked.
    const found = [...inTitle, ...inText].sort((a, b) => TRUST[a[1].method] - TRUST[b[1].method]);
    for (const [ticker, m] of found) add(ticker, m.method);
    const count = (t: string) => (inTitle.get(t)?.count ?? 0) + (inText.get(t)?.count ?? 0);
    const most = Math.max(0, ...[...out.keys()].map(count));
    return [...out].map(([ticker, method]) => ({
      ticker,
      method,
      relevance:
        method === 'cik' || out.size === 1 || inTitle.has(ticker)
          ? 1
          : // Never 0: a day whose every document names the ticker in passing still has a (weighted) mean.
            Math.max(MIN_RELEVANCE, Math.round((count(ticker) / most) * 1000) / 1000),
    }));
  }

  /** Every ticker the text names, in order of trust (cashtag, name or alias, bare symbol), with its mentions. */
  private mentions(text: string): Mentions {
    const found: Mentions = new Map();
    const mention = (ticker: string, method: LinkMethod) => {
      const m = found.get(ticker);
      if (m) m.count++;
      else found.set(ticker, { method, count: 1 });
    };
    if (!text) return found;
    for (const tag of cashtagMentions(text)) if (this.symbols.has(tag)) mention(tag, 'cashtag');
    if (this.nameRe)
      for (const m of text.matchAll(this.nameRe)) {
        const hit = this.nameToSymbol.get(m[1].toLowerCase());
        if (hit) mention(hit.symbol, hit.method);
      }
    if (this.symbolRe) for (const m of text.matchAll(this.symbolRe)) mention(m[1], 'symbol');
    return found;
  }
}
