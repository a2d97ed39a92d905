import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder (the one holding its package.json), found by walking up from this module, so
 * defaults (the shipped model, migrations, the sample universe) resolve the same from the TypeScript
 * sources, from the compiled `dist/`, and from an installed copy under `node_modules`.
 */
function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'db', 'migrations'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`finsent: no package root above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
