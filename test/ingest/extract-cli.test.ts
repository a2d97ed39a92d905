import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';

const finsent = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin/finsent.js'), '--log-level', 'error', ...args], {
    encoding: 'utf8',
  });

describe('finsent extract', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'finsent-extract-'));
  const nothing = path.join(dir, 'nothing.html');
  writeFileSync(nothing, '<html><head></head><body><nav><a href="/">Home</a></nav></body></html>');

  it('names what a page lacks in its text output instead of printing null or nothing', () => {
    const r = finsent('extract', nothing);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^\(no title\)\nno author \| no date\n/);
    expect(r.stdout).to.contain('(no article text found)');
    expect(r.stdout).not.to.contain('null');
  });

  it('keeps nulls and an empty body in its JSON output, for programs', () => {
    const r = finsent('--json', 'extract', nothing);
    expect(JSON.parse(r.stdout)).to.deep.equal({
      title: null,
      authors: [],
      published: null,
      description: null,
      body: '',
    });
  });

  it('refuses a PDF saved with an .html name, instead of printing its bytes as the story', () => {
    const pdf = path.join(dir, 'filing.html');
    writeFileSync(pdf, Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<< /Type /Catalog >>endobj\n', 'latin1'));
    const r = finsent('extract', pdf);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain(`${pdf} is a PDF, not a web page`);
    expect(r.stdout).to.equal('');
  });
});
