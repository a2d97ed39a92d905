import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';
import type { SourceConfig } from '../ingest/sources/index.js';

export const SAMPLE_DB = path.join(PROJECT_ROOT, '.finsent', 'sample.db');
export const SAMPLE_STOCKNET = path.join(PROJECT_ROOT, 'fixtures', 'sample', 'stocknet');
export const SAMPLE_TOKEN = 'sample-token';
export const SAMPLE_PORT = 47811;

/**
 * The offline sample's sources, all served by the local fixture server: the real saved SEC and Reuters
 * feeds (plus the malformed Nasdaq fragment, which is reported and skipped), article pages, Reddit,
 * StockTwits and X payloads, and Stooq-format daily prices for the sample tickers.
 */
export function sampleSources(base: string): SourceConfig[] {
  const feed = (id: string, file: string, kind: 'news' | 'filing' = 'news', fetchArticles = false): SourceConfig => ({
    id,
    type: 'rss',
    url: `${base}/feeds/${file}`,
    kind,
    enabled: true,
    fetchArticles,
    timeoutMs: 20_000,
  });
  return [
    feed('sec-usgaap', 'sec_edgar_usgaap.rss', 'filing'),
    feed('sec-edgar-maquia', 'sec_edgar_company_browse_atom_1.xml', 'filing'),
    feed('sec-edgar-keen', 'sec_edgar_company_browse_atom_2.xml', 'filing'),
    feed('sec-press', 'sec_pressreleases.rss'),
    feed('sec-testimony', 'sec_testimony.rss'),
    feed('reuters-top', 'reuters_topNews_2017-03-20.xml'),
    feed('nasdaq-tracker', 'nasdaq_stock_tracker_2017-03-27_FRAGMENT.xml'),
    feed('local-articles', 'local-articles.rss', 'news', true),
    {
      id: 'reddit-wsb',
      type: 'reddit',
      subreddit: 'wallstreetbets',
      baseUrl: base,
      limit: 100,
      maxPages: 10,
      enabled: true,
    },
    {
      id: 'stocktwits',
      type: 'stocktwits',
      symbols: ['AAPL', 'TSLA'],
      baseUrl: `${base}/api/2`,
      limit: 30,
      maxPages: 10,
      enabled: true,
    },
    {
      id: 'x-search',
      type: 'twitter',
      query: '$AAPL OR $TSLA',
      baseUrl: `${base}/2`,
      bearerTokenEnv: 'FINSENT_TWITTER_BEARER',
      maxResults: 100,
      maxPages: 10,
      enabled: true,
    },
    { id: 'stooq', type: 'stooq', symbols: ['AMZN', 'BAC', 'GE', 'JNJ', 'MSFT', 'XOM'], baseUrl: base, enabled: true },
  ];
}
