import path from 'node:path';
import type { Config } from '../core/config.js';
import { sentimentModelId } from '../nlp/model-id.js';

/**
 * Where fusion models live: `fusion.modelDir` if absolute, else that folder beside the database, so two
 * databases in different folders never share a model. An in-memory database resolves against the cwd.
 */
export function fusionModelDir(config: Config): string {
  const memory = config.dbPath === ':memory:';
  const dbDir = memory ? process.cwd() : path.dirname(path.resolve(config.dbPath));
  const own = memory ? 'memory.models' : `${path.basename(config.dbPath).replace(/\.(db|sqlite3?)$/i, '')}.models`;
  const dir = config.fusion.modelDir ?? own;
  return path.isAbsolute(dir) ? dir : path.join(dbDir, dir);
}

/** The id scores of the configured sentiment model are stored under (see nlp/model-id.ts). */
export function configuredSentimentModelId(config: Config): string {
  return sentimentModelId(config.model.name, config.model.dtype);
}
