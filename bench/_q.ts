import { openStore } from '../db/store.js';
import { queryDocuments } from '../db/queries.js';
const s = openStore('.scratch/sn.db', { readonly: true });
for (const o of [
  { q: 'apple', limit: 50 },
  { q: 'apple', limit: 50, sort: 'newest' as const },
  { ticker: 'AAPL', label: 'negative' as const, limit: 50 },
]) {
  queryDocuments(s.db, o);
  const t = performance.now();
  for (let i = 0; i < 50; i++) queryDocuments(s.db, o);
  console.log(JSON.stringify(o), ((performance.now() - t) / 50).toFixed(2), 'ms');
}
