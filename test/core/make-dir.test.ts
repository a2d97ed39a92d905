import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDir } from '../../core/files.js';
import { openStore } from '../../db/store.js';

describe('makeDir: mkdir -p that fails instead of spinning', () => {
  it('creates every missing level and accepts a folder that exists', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mkdir-'));
    const deep = path.join(root, 'a', 'b', 'c');
    makeDir(deep);
    makeDir(deep);
    expect(existsSync(deep)).to.equal(true);
  });

  it('refuses a path under a file by name', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mkdir-'));
    writeFileSync(path.join(root, 'file'), '');
    expect(() => makeDir(path.join(root, 'file', 'sub'))).to.throw(/cannot create folder .*file.sub/);
  });

  // Where mkdir answers ENOENT under an existing parent, Node's recursive mkdir never returns (procfs).
  (existsSync('/proc/self') ? it : it.skip)('fails at once under /proc, where a recursive mkdir spins forever', () => {
    expect(() => makeDir('/proc/finsent-no-such/dir')).to.throw(/cannot create folder \/proc\/finsent-no-such/);
    expect(() => openStore('/proc/finsent-no-such/x.db')).to.throw(/cannot create folder/);
  });
});
