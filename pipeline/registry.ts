import path from 'node:path';
import type { Config } from '../core/config.js';
import { sentimentModelId } from '../nlp/model-id.js';

/**
 * Where fusion models live: `fusion.modelDir` if absolute, else that folder beside the database, so two
 * databases in different folders never share a model. An in-memory database resolves against the cwd.
 */
export function fusionModelDir(config: Config): string {
  if (path.isAbsolute(config.fusion.modelDir)) return config.fusion.modelDir;
  const dbDir = config.dbPath === ':memory:' ? process.cwd() : path.dirname(path.resolve(config.dbPath));
  return path.join(dbDir, config.fusion.modelDir);
}

/** The id scores of the configured sentiment model are stored under (see nlp/model-id.ts). */
export function configuredSentimentModelId(config: Config): string {
  return sentimentModelId(config.model.name, config.model.dtype);
}
