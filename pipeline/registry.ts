import path from 'node:path';
import type { Config } from '../core/config.js';
import { sentimentModelId } from '../nlp/model-id.js';

/**
 * Where files that belong to one database go (fusion models, the report): beside a SQLite file, named after
 * it; for an in-memory or PostgreSQL database, the working folder, named after the database.
 */
export function storeHome(config: Config): { dir: string; stem: string } {
  if (config.db.url) {
    const name = decodeURIComponent(new URL(config.db.url).pathname.replace(/^\//, '')) || 'postgres';
    return { dir: process.cwd(), stem: name.replace(/[^\w.-]/g, '_') };
  }
  if (config.dbPath === ':memory:') return { dir: process.cwd(), stem: 'memory' };
  return {
    dir: path.dirname(path.resolve(config.dbPath)),
    stem: path.basename(config.dbPath).replace(/\.(db|sqlite3?)$/i, ''),
  };
}

/**
 * Where fusion models live: `fusion.modelDir` if absolute, else that folder in the database's home (see
 * `storeHome`), so two databases never share a model.
 */
export function fusionModelDir(config: Config): string {
  const home = storeHome(config);
  const dir = config.fusion.modelDir ?? `${home.stem}.models`;
  return path.isAbsolute(dir) ? dir : path.join(home.dir, dir);
}

/** The id scores of the configured sentiment model are stored under (see nlp/model-id.ts). */
export function configuredSentimentModelId(config: Config): string {
  return sentimentModelId(config.model.name, config.model.dtype);
}
