import { expect } from 'chai';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/paths.js';
import { upsertDocuments } from '../../db/documents.js';
import { openStore } from '../../db/store.js';
import { explainTexts } from '../../nlp/explain.js';
import { loadSentimentModel, type SentimentModel } from '../../nlp/model.js';
import { buildApi } from '../../serve/api.js';

const MODEL = path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment');
const scoreOf = async (m: SentimentModel, text: string) => {
  const [p] = await m.infer(m.encode([text]));
  return p[0] - p[1];
};

describe('nlp/explain (leave-one-word-out occlusion)', function () {
  this.timeout(60_000);
  let model: SentimentModel;
  before(async () => {
    model = await loadSentimentModel({ name: MODEL, dtype: 'q8' });
  });
  after(() => model.dispose());

  it('removing the most positive word lowers the score by exactly its contribution', async () => {
    const text = 'Net sales rose sharply and the company raised its full-year outlook';
    const [e] = await explainTexts(model, [text]);
    expect(e.score).to.be.closeTo(await scoreOf(model, text), 1e-6);
    const top = [...e.words].sort((a, b) => b.contribution - a.contribution)[0];
    expect(top.contribution).to.be.greaterThan(0);
    const rest = `${text.slice(0, top.start)}${text.slice(top.end)}`.replace(/\s{2,}/g, ' ').trim();
    const after = await scoreOf(model, rest);
    expect(after).to.be.lessThan(e.score);
    expect(e.score - after).to.be.closeTo(top.contribution, 1e-6);
  });

  it('gives a negative text a word that pushes it negative, and keeps word offsets', async () => {
    const text = 'Shares plunged after the company missed estimates';
    const [e] = await explainTexts(model, [text]);
    expect(e.label).to.equal('negative');
    expect(Math.min(...e.words.map((w) => w.contribution))).to.be.lessThan(0);
    for (const w of e.words) expect(text.slice(w.start, w.end)).to.equal(w.word);
  });

  it('explains texts in one batch exactly as one at a time', async () => {
    const texts = ['Profit beat estimates', 'The board met on Tuesday in Helsinki to discuss the agenda'];
    const together = await explainTexts(model, texts);
    for (const [i, t] of texts.entries()) {
      const [alone] = await explainTexts(model, [t]);
      expect(together[i].words.map((w) => w.contribution)).to.deep.equal(alone.words.map((w) => w.contribution));
    }
  });

  it('serves GET /documents/{id}/explain per unit, 404 for a missing document, 503 without a model', async () => {
    const store = openStore(':memory:');
    const doc = { source: 'n', key: 'k', kind: 'news' as const, title: 'Profit beat estimates', body: 'Sales fell.' };
    const [id] = upsertDocuments(store.db, [doc], 't').ids;
    const app = buildApi(store, { loadModel: async () => model });
    const r = await app.inject({ url: `/documents/${id}/explain` });
    expect(r.statusCode).to.equal(200);
    const body = r.json();
    expect(body.units.map((u: { part: string }) => u.part)).to.deep.equal(['title', 'body']);
    expect(body.units[0].words.map((w: { word: string }) => w.word)).to.deep.equal(['Profit', 'beat', 'estimates']);
    expect((await app.inject({ url: '/documents/999/explain' })).statusCode).to.equal(404);
    expect((await app.inject({ url: '/documents/abc/explain' })).statusCode).to.equal(400);
    const bare = buildApi(store);
    expect((await bare.inject({ url: `/documents/${id}/explain` })).statusCode).to.equal(503);
    // The app does not own the injected model here; dispose it in `after`, not on close.
  });
});
