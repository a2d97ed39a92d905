import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';

const write = (obj: unknown) => {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'cfg-')), 'finsent.config.json');
  writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return f;
};

describe('config', () => {
  it('a bad field is refused with a message that names the field', () => {
    const f = write({ sources: [{ id: 'x', type: 'rss', url: 'not a url' }], http: { timeoutMs: -5 } });
    expect(() => loadConfig({ file: f })).to.throw(ConfigError, /sources\.0\.url[\s\S]*http\.timeoutMs/);
  });

  it('an unknown source type is refused naming the field', () => {
    expect(() => loadConfig({ file: write({ sources: [{ id: 'x', type: 'fax' }] }) })).to.throw(
      ConfigError,
      /sources\.0\.type/,
    );
  });

  it('a file that is not JSON is refused with the file name', () => {
    const f = write('{ nope');
    expect(() => loadConfig({ file: f })).to.throw(ConfigError, new RegExp(`cannot read config file ${f}`));
  });

  it('flags override env, env overrides the file, the file overrides defaults', () => {
    const f = write({ dbPath: 'from-file.db', model: { batchSize: 8 } });
    expect(loadConfig({ file: f }).dbPath).to.equal(path.join(path.dirname(f), 'from-file.db'));
    expect(loadConfig({ file: f, env: { FINSENT_DB: '/env.db' } }).dbPath).to.equal('/env.db');
    const c = loadConfig({ file: f, env: { FINSENT_DB: '/env.db' }, overrides: { dbPath: '/flag.db' } });
    expect(c.dbPath).to.equal('/flag.db');
    expect(c.model.batchSize).to.equal(8);
    expect(c.model.maxTokens).to.equal(64);
  });

  it('duplicate source ids are refused', () => {
    const s = { id: 'a', type: 'rss', url: 'http://127.0.0.1/x' };
    expect(() => loadConfig({ file: write({ sources: [s, s] }) })).to.throw(ConfigError, /duplicate source id "a"/);
  });

  it('the loaded config is frozen', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c) && Object.isFrozen(c.model)).to.equal(true);
  });
});
