// Entry of the fusion seed worker when finsent runs from its TypeScript source under tsx (tests, `npx tsx`):
// Node 20 does not carry the parent's --import hooks into a worker thread, so the worker registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('./seed-worker.ts');
