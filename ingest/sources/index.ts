import { z } from 'zod';
import type { Source } from '../source.js';
import { reddit } from './reddit.js';
import { rss } from './rss.js';
import { stocktwits } from './stocktwits.js';
import { stooq } from './stooq.js';
import { twitter } from './twitter.js';

/** The source registry: a new source type is one file in this folder and one entry here. */
export const SOURCE_PLUGINS = [rss, reddit, stocktwits, twitter, stooq] as const;

/** One source entry of the config, validated by its plug-in's schema (chosen by `type`). */
export const sourceSchema = z.discriminatedUnion('type', [
  rss.schema,
  reddit.schema,
  stocktwits.schema,
  twitter.schema,
  stooq.schema,
]);
export type SourceConfig = z.infer<typeof sourceSchema>;

/** Builds the enabled sources of a config. */
export function buildSources(configs: readonly SourceConfig[]): Source[] {
  return configs
    .filter((c) => c.enabled)
    .map((c) => {
      const plugin = SOURCE_PLUGINS.find((p) => p.type === c.type)!;
      return (plugin.create as (options: SourceConfig) => Source)(c);
    });
}
