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
  it('refuses unknown keys at every level, naming them (a typo never passes silently)', () => {
    expect(() => loadConfig({ file: write({ dbpath: 'typo.db' }) })).to.throw(
      ConfigError,
      /Unrecognized key: "dbpath"/,
    );
    expect(() => loadConfig({ file: write({ http: { timeout: 5 } }) })).to.throw(ConfigError, /http: Unrecognized/);
    const source = { id: 'x', type: 'rss', url: 'https://example.com/feed', fetchArticle: true };
    expect(() => loadConfig({ file: write({ sources: [source] }) })).to.throw(ConfigError, /sources\.0: Unrecog/);
  });

  it('refuses a file that holds JSON but not an object', () => {
    expect(() => loadConfig({ file: write([1, 2, 3]) })).to.throw(ConfigError, /expected a JSON object, got an array/);
    expect(() => loadConfig({ file: write('null') })).to.throw(ConfigError, /got null/);
  });

  it('validates the daemon schedule at load, not when the daemon starts', () => {
    const bad = (schedule: object) => () => loadConfig({ file: write({ schedule }) });
    expect(bad({ cron: 'every night' })).to.throw(ConfigError, /schedule\.cron: not a valid cron expression/);
    expect(bad({ timezone: 'Mars/Olympus' })).to.throw(ConfigError, /schedule\.timezone: not an IANA time zone/);
    expect(
      loadConfig({ file: write({ schedule: { cron: '30 1 * * 1-5', timezone: 'Europe/London' } }) }).schedule,
    ).to.include({ cron: '30 1 * * 1-5' });
  });

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

  it('refuses a subreddit or symbol that would go into a URL malformed, naming the entry', () => {
    const sources = [
      { id: 'r', type: 'reddit', subreddit: 'r/wallstreetbets' },
      { id: 's', type: 'stocktwits', symbols: ['BRK.B', 'A B'] },
      { id: 'p', type: 'stooq', symbols: ['AAPL', 'X;Y'] },
    ];
    expect(() => loadConfig({ file: write({ sources }) })).to.throw(
      ConfigError,
      /sources\.0\.subreddit: a subreddit name[\s\S]*sources\.1\.symbols\.1: a symbol[\s\S]*sources\.2\.symbols\.1/,
    );
    const fine = [
      { id: 'r', type: 'reddit', subreddit: 'wallstreetbets' },
      { id: 's', type: 'stocktwits', symbols: ['BRK.B', 'BTC.X'] },
      { id: 'p', type: 'stooq', symbols: ['BF-B', '^SPX'] },
    ];
    expect(loadConfig({ file: write({ sources: fine }) }).sources).to.have.length(3);
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

  it('keeps the file’s model block where model flags are left unset; a given flag overrides it', () => {
    const f = write({ model: { name: '/models/teacher', batchSize: 8, maxTokens: 128 } });
    // As `finsent score` passes its flags: every model field named, those not given undefined.
    const unset = { name: undefined, dtype: undefined, batchSize: undefined, maxTokens: undefined, threads: undefined };
    const c = loadConfig({ file: f, overrides: { model: unset } });
    expect(c.model).to.include({ name: '/models/teacher', batchSize: 8, maxTokens: 128 });
    expect(loadConfig({ file: f, overrides: { model: { ...unset, batchSize: 32 } } }).model).to.include({
      name: '/models/teacher',
      batchSize: 32,
    });
    expect(() =>
      loadConfig({ file: write({ model: { scoringThreads: 'two' } }), overrides: { model: unset } }),
    ).to.throw(ConfigError, /model\.scoringThreads/);
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
