// The scoring thread's entry when finsent runs from its TypeScript sources under tsx (tests, benchmarks): a worker
// does not inherit tsx's loader on Node 20 (tsx issue 354), so this registers it, then loads the thread's source.
// Built, nlp/score-pool.js starts dist/nlp/score-thread.js directly and this file is not used.
import { register } from 'tsx/esm/api';

register();
await import('./score-thread.ts');
