#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci` runs as `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('finsent: dist/ is missing; run `npm run build` (npm ci does it) first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
