/**
 * Writes serve/openapi.json from the API's route schemas. The file is generated, never edited by hand;
 * test/serve/api.test.ts fails when it differs from what the code generates.
 * Usage: npm run openapi
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';
import { generateOpenApi } from '../serve/openapi.js';

const file = path.join(PROJECT_ROOT, 'serve', 'openapi.json');
writeFileSync(file, `${JSON.stringify(await generateOpenApi(), null, 2)}\n`);
console.log(`wrote ${file}`);
