import { openStore } from '../db/store.js';
import { buildApi } from './api.js';

/** The OpenAPI document, generated from the route schemas (what `npm run openapi` writes to serve/openapi.json). */
export async function generateOpenApi(): Promise<Record<string, unknown>> {
  const store = openStore(':memory:');
  const app = buildApi(store);
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    store.close();
  }
}
