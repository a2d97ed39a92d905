import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths.js';

describe('the published package', function () {
  this.timeout(120_000);

  it('installs from its tarball and imports from plain Node 20, without TypeScript', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'finsent-pack-'));
    // dist/ is built by `pretest`; --ignore-scripts keeps pack from rebuilding it.
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    }).trim();
    const pkg = path.join(dir, 'node_modules', 'finsent');
    mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', pkg, '--strip-components', '1']);
    // The registry is not reached in tests: the package's dependencies resolve to this checkout's.
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const script = `
      import { openStore, upsertDocuments, queryDocuments, extractArticle } from 'finsent';
      const store = openStore(':memory:');
      upsertDocuments(store.db, [{ source: 's', key: 'k', kind: 'news', title: 'Apple beats', body: 'b' }], 't');
      const text = 'Body text here. '.repeat(20);
      const page = '<html><body><article><h1>T</h1><p>' + text + '</p></article></body></html>';
      const article = extractArticle(page);
      const docs = queryDocuments(store.db, { q: 'apple' }).length;
      console.log(JSON.stringify({ docs, body: article.body.length > 100 }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(JSON.parse(out)).to.deep.equal({ docs: 1, body: true });
    const files = execFileSync('tar', ['-tzf', path.join(dir, tarball)], { encoding: 'utf8' });
    expect(files).to.contain('package/dist/index.d.ts');
    expect(files).not.to.match(/package\/test\//);
  });
});
