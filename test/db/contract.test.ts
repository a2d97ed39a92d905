import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CriticalError, NonRetryableError } from '../../core/errors.js';
import { copyStore } from '../../db/copy.js';
import { documentVersions, lastDocumentId, upsertDocuments } from '../../db/documents.js';
import { migrate, readMigrations } from '../../db/migrate.js';
import { iterateDocuments, queryDocuments, sentimentBetween, signalsFor } from '../../db/queries.js';
import { beginRun, finishRun } from '../../db/runs.js';
import { ensureSource, getSourceState, recordError, recordSuccess, sourceHealth } from '../../db/sources.js';
import { countUnscored, type ScoreRow, unscoredAfter, writeScores } from '../../db/scores.js';
import { upsertSignals } from '../../db/signals-store.js';
import { openStore, type Store } from '../../db/store.js';
import { aggregateDaily } from '../../fusion/aggregate.js';
import { importStocknet } from '../../ingest/importers/stocknet.js';
import { buildApi } from '../../serve/api.js';
import { writeExport } from '../../serve/export.js';
import { type Backend, describeOnBackends } from '../support/backends.js';
import { fixture } from '../support/fixtures.js';
import { requirePostgres } from '../support/postgres.js';

const doc = (key: string, title: string, body: string, day: string, tickers: string[] = []) => ({
  source: 'contract',
  key,
  kind: 'news' as const,
  title,
  body,
  publishedAt: `${day}T14:00:00.000Z`,
  tickers: tickers.map((ticker) => ({ ticker, method: 'cashtag' as const })),
});

/** A deterministic fake score (from `seed`): what the contract checks is storage, not the model. */
const fakeScore = (id: number, modelId: string, seed = id): ScoreRow => {
  const p = ((seed * 37) % 100) / 100;
  const [pPositive, pNegative] = [p * 0.8, (1 - p) * 0.6];
  const pNeutral = 1 - pPositive - pNegative;
  const label = pPositive > pNegative ? 'positive' : 'negative';
  const score = pPositive - pNegative;
  return {
    documentId: id,
    modelId,
    pPositive,
    pNegative,
    pNeutral,
    label,
    score,
    titleScore: null,
    units: null,
    scoredAt: 't',
  };
};

/**
 * The scripted use of a store that both backends must answer identically: a StockNet import, scores for
 * every document, the daily aggregate, signals, and the reads the CLI, exports and API make.
 */
async function scenario(target: string): Promise<Record<string, unknown>> {
  const store = openStore(target);
  try {
    const imported = importStocknet(store, fixture('sample', 'stocknet'));
    const again = importStocknet(store, fixture('sample', 'stocknet'));
    // Ids are surrogate keys: PostgreSQL's identity spends a value on every conflicting insert, SQLite's rowid
    // does not, so reads are compared by each document's (source, key) and scores are seeded from its text.
    const rows = store.db.prepare('SELECT id, key FROM documents').all() as { id: number; key: string }[];
    const keyOf = new Map(rows.map((r) => [r.id, r.key]));
    const key = (id: number) => keyOf.get(id);
    const unscored = unscoredAfter(store.db, 'm', 0, 100_000);
    const ids = unscored.map((d) => d.id);
    const seed = (text: string) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7);
    store.tx(() =>
      writeScores(
        store.db,
        unscored.map((d) => fakeScore(d.id, 'm', seed(`${d.title ?? ''}${d.body ?? ''}`))),
      ),
    );
    const daily = aggregateDaily(store, { modelId: 'm' });
    const signalDays = sentimentBetween(store.db, { model: 'm' }).slice(-40);
    upsertSignals(
      store.db,
      'lstm',
      signalDays.map((r, i) => ({
        ticker: r.ticker,
        day: r.day,
        p_up: 0.4 + (i % 5) / 20,
        direction: i % 5 > 1 ? 'up' : 'down',
        confidence: Math.abs(0.4 + (i % 5) / 20 - 0.5) * 2,
      })),
      '2015-10-02T00:00:00.000Z',
    );
    const out = path.join(os.tmpdir(), `contract-${process.pid}-${Date.now()}.csv`);
    await writeExport(store.db, 'docs', 'csv', out, { from: '2015-06-01', to: '2015-06-30' });
    const api = buildApi(store);
    const apiDocs = (await api.inject({ url: '/documents?ticker=XOM&pageSize=5' })).json();
    const apiSignals = (await api.inject({ url: '/signals/latest' })).json();
    await api.close();
    return {
      imported,
      again,
      scored: ids.length,
      unscoredLeft: countUnscored(store.db, 'm'),
      daily,
      newest: queryDocuments(store.db, { limit: 20 }).map((d) => [key(d.id), d.published_at, d.tickers, d.label]),
      byTicker: queryDocuments(store.db, { ticker: 'XOM', from: '2015-03-01', to: '2015-03-31', limit: 50 }).map((d) =>
        key(d.id),
      ),
      byLabel: queryDocuments(store.db, { label: 'negative', limit: 30, offset: 10 }).map((d) => key(d.id)),
      sentiment: sentimentBetween(store.db, { model: 'm', ticker: 'GE' }),
      signals: signalsFor(store.db),
      csv: readFileSync(out, 'utf8').replace(/^\d+,/gm, ''),
      apiDocs: { ...apiDocs, data: apiDocs.data.map((d: { id: number }) => ({ ...d, id: key(d.id) })) },
      apiSignals,
    };
  } finally {
    store.close();
  }
}

describeOnBackends('store contract', (backend: Backend) => {
  let store: Store;
  beforeEach(() => {
    store = openStore(backend.fresh());
  });
  afterEach(() => store.close());

  it('records every migration with its hash and refuses one that changed after it was applied', () => {
    const applied = store.db.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY version').all();
    const files = readMigrations(undefined, backend.kind);
    expect(applied).to.deep.equal(files.map((m) => ({ name: m.name, sha256: m.sha256 })));
    const changed = files.map((m, i) => (i === 0 ? { ...m, sha256: 'f'.repeat(64) } : m));
    expect(() => migrate(store.db, changed)).to.throw(CriticalError, /001_init.sql was changed after it was applied/);
  });

  it("forgets a source's ETag, Last-Modified and cursor when its URL or type changes, and only then", () => {
    const { db } = store;
    const remember = () =>
      db.prepare("UPDATE sources SET etag = 'e1', last_modified = 'Mon, 20 Mar 2017', cursor = '42'").run();
    const state = () => {
      const s = getSourceState(db, 'feed')!;
      return [s.etag, s.last_modified, s.cursor];
    };
    ensureSource(db, 'feed', 'rss', 'http://a.example/feed.xml');
    remember();
    ensureSource(db, 'feed', 'rss', 'http://a.example/feed.xml');
    expect(state()).to.deep.equal(['e1', 'Mon, 20 Mar 2017', '42']);
    ensureSource(db, 'feed', 'rss', 'http://b.example/moved.xml');
    expect(state()).to.deep.equal([null, null, null]);
    remember();
    ensureSource(db, 'feed', 'twitter', 'http://b.example/moved.xml');
    expect(state()).to.deep.equal([null, null, null]);
  });

  it("keeps a partly failed source's warning as its last error until a clean run clears it", () => {
    const { db } = store;
    ensureSource(db, 'px', 'stooq', null);
    recordSuccess(db, 'px', '2026-12-03T01:00:00Z', { items: 0 }, 'NOSUCH: returned 404');
    const warned = getSourceState(db, 'px')!;
    expect([warned.last_error, warned.last_error_at, warned.last_success_at]).to.deep.equal([
      'NOSUCH: returned 404',
      '2026-12-03T01:00:00Z',
      '2026-12-03T01:00:00Z',
    ]);
    expect(sourceHealth(warned)).to.equal('partial');
    recordSuccess(db, 'px', '2026-12-04T01:00:00Z', { items: 0 });
    const clean = getSourceState(db, 'px')!;
    expect([clean.last_error, clean.last_error_at]).to.deep.equal([null, '2026-12-03T01:00:00Z']);
    expect(sourceHealth(clean)).to.equal('ok');
    recordError(db, 'px', '2026-12-05T01:00:00Z', 'GET returned 500');
    expect(sourceHealth(getSourceState(db, 'px')!)).to.equal('error');
    ensureSource(db, 'new', 'rss', 'http://a.example/feed.xml');
    expect(sourceHealth(getSourceState(db, 'new')!)).to.equal('never run');
  });

  it("keeps to a ticker's documents about it at least as much as asked, paged or streamed for export", () => {
    const linked = (key: string, relevance: number) => ({
      ...doc(key, `Story ${key}`, 'Body.', '2015-06-01'),
      tickers: [{ ticker: 'AAPL', method: 'name' as const, relevance }],
    });
    upsertDocuments(store.db, [linked('about', 1), linked('passing', 0.1)], 't');
    const keys = (rows: { title: string | null }[]) => rows.map((r) => r.title).sort();
    expect(keys(queryDocuments(store.db, { ticker: 'AAPL' }))).to.deep.equal(['Story about', 'Story passing']);
    expect(keys(queryDocuments(store.db, { ticker: 'AAPL', minRelevance: 0.5 }))).to.deep.equal(['Story about']);
    expect(keys([...iterateDocuments(store.db, { ticker: 'aapl', minRelevance: 0.1 })] as never)).to.have.length(2);
    expect(() => queryDocuments(store.db, { minRelevance: 0.5 })).to.throw(NonRetryableError, /needs a ticker/);
  });

  it('inserts a document once by (source, key), updates an edit in place and keeps its versions in order', () => {
    const first = upsertDocuments(store.db, [doc('a', 'Apple rallies', 'Shares up.', '2015-06-01', ['AAPL'])], 't1');
    const same = upsertDocuments(store.db, [doc('a', 'Apple rallies', 'Shares up.', '2015-06-01', ['AAPL'])], 't2');
    const edit = upsertDocuments(store.db, [doc('a', 'Apple rallies 5%', 'Shares up.', '2015-06-01')], 't3');
    expect([first.inserted, same.alreadyPresent, edit.updated]).to.deep.equal([1, 1, 1]);
    expect(same.ids).to.deep.equal(first.ids);
    expect(documentVersions(store.db, first.ids[0]).map((v) => v.title)).to.deep.equal([
      'Apple rallies',
      'Apple rallies 5%',
    ]);
  });

  it('keeps one score per (document, model): writing again replaces, a second model adds', () => {
    const { ids } = upsertDocuments(
      store.db,
      [doc('a', 'x', 'y', '2015-06-01'), doc('b', 'z', 'w', '2015-06-02')],
      't',
    );
    writeScores(store.db, [fakeScore(ids[0], 'm')]);
    expect(countUnscored(store.db, 'm')).to.equal(1);
    writeScores(store.db, [{ ...fakeScore(ids[0], 'm'), label: 'neutral' }]);
    writeScores(store.db, [fakeScore(ids[0], 'other')]);
    const rows = store.db.prepare('SELECT model_id, label FROM sentiment_scores ORDER BY model_id').all();
    expect(rows).to.deep.equal([
      { model_id: 'm', label: 'neutral' },
      { model_id: 'other', label: fakeScore(ids[0], 'other').label },
    ]);
    expect(unscoredAfter(store.db, 'm', 0, 10).map((d) => d.id)).to.deep.equal([ids[1]]);
  });

  it('finds documents by full-text query, ranks by relevance and lists their tickers in order', () => {
    upsertDocuments(
      store.db,
      [
        doc('1', 'Exxon cuts dividend', 'Oil prices fall; dividend cut.', '2015-06-01', ['XOM', 'CVX']),
        doc('2', 'Chevron outlook', 'Dividend steady, oil output up.', '2015-06-02', ['CVX']),
        doc('3', 'Apple event', 'New phones.', '2015-06-03', ['AAPL']),
      ],
      't',
    );
    const hits = queryDocuments(store.db, { q: 'dividend', limit: 10 });
    expect(hits.map((d) => d.title)).to.deep.equal(['Chevron outlook', 'Exxon cuts dividend']);
    expect(hits[1].tickers).to.equal('CVX XOM');
    const ranked = queryDocuments(store.db, { q: 'dividend', sort: 'relevance', limit: 10 });
    expect(ranked[0].title).to.equal('Exxon cuts dividend');
    expect(queryDocuments(store.db, { q: 'phones', ticker: 'aapl', limit: 10 }).map((d) => d.title)).to.deep.equal([
      'Apple event',
    ]);
  });

  it('streams every matching document past the first page of a cursor, newest first', () => {
    const docs = Array.from({ length: 1203 }, (_, i) =>
      doc(
        `k${i}`,
        `t${i}`,
        'b',
        `2015-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      ),
    );
    store.tx(() => upsertDocuments(store.db, docs, 't'));
    const streamed = [...iterateDocuments(store.db, {})];
    expect(streamed).to.have.length(1203);
    const times = streamed.map((d) => `${d.published_at}:${String(d.id).padStart(6, '0')}`);
    expect(times).to.deep.equal([...times].sort().reverse());
  });

  it('rolls a failed transaction back whole', () => {
    expect(() =>
      store.tx(() => {
        upsertDocuments(store.db, [doc('a', 'x', 'y', '2015-06-01')], 't');
        throw new Error('boom');
      }),
    ).to.throw('boom');
    expect(queryDocuments(store.db, {})).to.have.length(0);
  });

  it('refuses a second nightly run while the first is alive', () => {
    const first = beginRun(store, 'nightly');
    expect(() => beginRun(store, 'nightly')).to.throw(CriticalError, /another nightly run/);
    finishRun(store, first, 'ok');
    expect(beginRun(store, 'nightly')).to.be.greaterThan(first);
  });
});

describe('store contract: both backends give the same results', function () {
  this.timeout(300_000);
  const results: Partial<Record<Backend['kind'], Record<string, unknown>>> = {};
  describeOnBackends('the scripted import, score, aggregate, signal and read sequence', (backend) => {
    it('runs', async () => {
      results[backend.kind] = await scenario(backend.fresh());
      expect((results[backend.kind]!.imported as { inserted: number }).inserted).to.be.greaterThan(5000);
    });
  });
  describe('compared', () => {
    it('answers every read identically on SQLite and PostgreSQL', function () {
      if (!results.sqlite || !results.postgres) this.skip();
      for (const key of Object.keys(results.sqlite))
        expect(results.postgres![key], key).to.deep.equal(results.sqlite[key]);
    });
  });
});

describe('db copy between backends', function () {
  this.timeout(300_000);
  it('moves a SQLite store onto PostgreSQL and back, every row and id, and refuses a non-empty target', function () {
    const pg = requirePostgres(this);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'copy-'));
    const source = openStore(path.join(dir, 'a.db'));
    importStocknet(source, fixture('sample', 'stocknet'));
    const onServer = openStore(pg.freshDatabase());
    const back = openStore(path.join(dir, 'b.db'));
    try {
      const there = copyStore(source, onServer, { chunk: 1000 });
      const home = copyStore(onServer, back);
      expect(home.tables).to.deep.equal(there.tables);
      expect(there.tables.find((t) => t.table === 'documents')?.rows).to.be.greaterThan(5000);
      const newest = (s: Store) => queryDocuments(s.db, { ticker: 'GE', limit: 30 }).map((d) => [d.id, d.body]);
      expect(newest(onServer)).to.deep.equal(newest(source));
      expect(newest(back)).to.deep.equal(newest(source));
      // The identity moved past the copied ids: the next document gets a new one, not a copied one's.
      const next = upsertDocuments(onServer.db, [doc('after-copy', 'x', 'y', '2015-10-01')], 't').ids[0];
      expect(next).to.be.greaterThan(lastDocumentId(source.db) ?? 0);
      expect(() => copyStore(source, onServer)).to.throw(NonRetryableError, /copy into an empty database/);
    } finally {
      for (const s of [source, onServer, back]) s.close();
    }
  });
});

describe('a PostgreSQL connection that the server drops', () => {
  it('is opened again for the next statement outside a transaction; inside one the error stands', function () {
    const url = requirePostgres(this).freshDatabase();
    const store = openStore(url);
    const admin = openStore(url);
    const dropOthers = () =>
      admin.db
        .prepare(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        )
        .all();
    try {
      upsertDocuments(store.db, [doc('a', 'x', 'y', '2015-06-01')], 't');
      dropOthers();
      expect(queryDocuments(store.db, {}).map((d) => d.title)).to.deep.equal(['x']);
      expect(() =>
        store.tx(() => {
          upsertDocuments(store.db, [doc('b', 'x', 'y', '2015-06-02')], 't');
          dropOthers();
          upsertDocuments(store.db, [doc('c', 'x', 'y', '2015-06-03')], 't');
        }),
      ).to.throw(/terminating connection|server closed the connection/);
      expect(queryDocuments(store.db, {}).map((d) => d.title)).to.deep.equal(['x']);
    } finally {
      store.close();
      admin.close();
    }
  });
});
