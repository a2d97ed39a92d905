import type { Config } from '../core/config.js';
import { RedditSource } from './reddit.js';
import { RssSource } from './rss.js';
import type { Source } from './source.js';
import { StockTwitsSource } from './stocktwits.js';
import { StooqSource } from './stooq.js';
import { TwitterSource } from './twitter.js';

/** Builds the enabled sources of a config. Adding a source type means one file and one line here. */
export function buildSources(config: Config): Source[] {
  return config.sources
    .filter((s) => s.enabled)
    .map((s): Source => {
      switch (s.type) {
        case 'rss':
          return new RssSource(s.id, s.url, { kind: s.kind, timeoutMs: s.timeoutMs, fetchArticles: s.fetchArticles });
        case 'reddit':
          return new RedditSource(s.id, s.subreddit, s.baseUrl, s.limit);
        case 'stocktwits':
          return new StockTwitsSource(s.id, s.symbols, s.baseUrl);
        case 'twitter':
          return new TwitterSource(s.id, s.query, s.baseUrl, s.bearerTokenEnv, s.maxResults);
        case 'stooq':
          return new StooqSource(s.id, s.symbols, s.baseUrl);
      }
    });
}
