import { type SourceConfig, buildSources, sourceSchema } from '../../ingest/sources/index.js';
import type { Source } from '../../ingest/source.js';

/** A source built the way the app builds one: from a config entry, through its plug-in's schema. */
export function sourceFrom(config: Record<string, unknown>): Source {
  return buildSources([sourceSchema.parse(config) as SourceConfig])[0];
}
