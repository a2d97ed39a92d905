import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/config.js';

let doc: unknown;
/** The OpenAPI description kept in the repo (serve/openapi.json), served at /openapi.json. */
export function openApiDocument(): unknown {
  doc ??= JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'serve', 'openapi.json'), 'utf8'));
  return doc;
}
