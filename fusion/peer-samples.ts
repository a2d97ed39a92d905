import { tickersWithPrices, universeTickersWithPrices } from '../db/prices.js';
import type { Store } from '../db/store.js';
import { buildSamples, type FeatureSpec, type Sample } from './features.js';

/**
 * Samples for `tickers` (default: the universe, or under `everyPriced` every ticker with prices), built so that a
 * stock's features do not depend on which tickers were asked for. Cross-sectional features compare a stock with
 * its peers that day, so under 'cross-section' the peers are the universe signals are written for (every ticker
 * with prices where the universe is empty): they are built whole and the requested tickers taken out. Training,
 * signals and explanations all build their samples here, so they see the same peers. A requested ticker outside
 * the universe joins the peers.
 */
export function peerSamples(
  store: Store,
  spec: FeatureSpec,
  options: { tickers?: string[]; everyPriced?: boolean; targets?: string[]; from?: string; to?: string },
): Sample[] {
  const { tickers, everyPriced, ...range } = options;
  const universe = universeTickersWithPrices(store.db);
  if (spec.normalise !== 'cross-section')
    return buildSamples(store, spec, { ...range, tickers: tickers ?? (everyPriced ? undefined : universe) });
  const peers = universe.length ? universe : tickersWithPrices(store.db);
  const built = buildSamples(store, spec, { ...range, tickers: [...new Set([...peers, ...(tickers ?? [])])] });
  if (!tickers) return built;
  const wanted = new Set(tickers);
  return built.filter((s) => wanted.has(s.ticker));
}
