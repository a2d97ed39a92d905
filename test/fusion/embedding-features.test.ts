import { expect } from 'chai';
import { upsertDocuments } from '../../db/documents.js';
import { openStore } from '../../db/store.js';
import { aggregateDaily } from '../../fusion/aggregate.js';
import { tradingDaysBetween } from '../../fusion/calendar.js';
import { dailyEmbeddings, embeddingFitter } from '../../fusion/embedding-features.js';
import { buildSamples } from '../../fusion/features.js';
import { liveSpec } from '../../fusion/train-live.js';
import { walkForward } from '../../fusion/walk-forward.js';
import { type Encoded, loadSentimentModel, type SentimentModel } from '../../nlp/model.js';
import { MODEL, prices, scored } from '../support/fusion-fixtures.js';

const TICKERS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE'];

/**
 * Five tickers with pseudo-random moves and one post a session each, published the session before the move it
 * names ("up" or "down" in its text). Every post scores 0, so the sentiment features carry nothing: only the
 * text's embedding can find the move.
 */
function textOnlyStore() {
  const s = openStore(':memory:');
  const days = tradingDaysBetween('2014-01-02', '2014-12-31');
  const r = (i: number) => (((Math.sin(i * 12.9898) * 43758.5453) % 1) + 1) % 1;
  TICKERS.forEach((t, k) => {
    const moves = days.map((_, i) => (r(i + 500 * k) > 0.5 ? 0.02 : -0.02));
    prices(s, t, days, moves);
    days.forEach((d, i) => {
      if (!i) return;
      const doc = {
        source: 't',
        key: `${t}-${d}`,
        kind: 'social' as const,
        body: `${t} goes ${moves[i] > 0 ? 'up' : 'down'} next`,
        publishedAt: `${days[i - 1]}T15:00:00Z`,
        tickers: [{ ticker: t, method: 'cashtag' as const }],
      };
      scored(s, upsertDocuments(s.db, [doc], 't').ids[0], 0);
    });
  });
  aggregateDaily(s, { modelId: MODEL, tickers: TICKERS });
  return { s, days };
}

/** A stand-in for a model with a pooled output: the embedding says whether the text says "up". */
const embedder = {
  id: 'fake@q8',
  maxTokens: 64,
  encode: (texts: string[]) => ({ texts }) as unknown as Encoded,
  embed: async (batch: Encoded) =>
    (batch as unknown as { texts: string[] }).texts.map((t) => Float32Array.of(t.includes(' up ') ? 1 : -1, 0.5, 0)),
} as unknown as SentimentModel;

describe('daily text-embedding features (walk-forward)', function () {
  this.timeout(120_000);
  const spec = liveSpec({ sentimentModel: MODEL, window: 5, cutoff: 'prev-close', offsetMinutes: 0 });

  it('averages the embeddings of a ticker’s documents into the session its sentiment counts them for', async () => {
    const { s, days } = textOnlyStore();
    const daily = await dailyEmbeddings(s, embedder, { from: days[0], to: days[days.length - 1] });
    // A post published at 15:00 UTC on session d-1 (before its close) counts for d-1, as in the daily sentiment.
    const rows = s.db
      .prepare("SELECT ticker, day, n FROM daily_sentiment WHERE model_id = ? AND n > 0 AND ticker = 'AAA'")
      .all(MODEL) as { ticker: string; day: string; n: number }[];
    expect(rows.length).to.be.greaterThan(200);
    for (const r of rows.slice(0, -1)) expect(daily.has(`${r.ticker}|${r.day}`), r.day).to.equal(true);
    expect([...daily.values()].every((v) => Math.abs(v[0]) === 1 && v[1] === 0.5)).to.equal(true);
  });

  it('finds a move that only the text gives away, which the same model without the embedding cannot', async () => {
    const { s, days } = textOnlyStore();
    const samples = buildSamples(s, spec);
    const daily = await dailyEmbeddings(s, embedder, { from: days[0], to: days[days.length - 1] });
    const plan = { folds: 3, embargo: 3, variant: 'logistic' as const };
    const fitter = embeddingFitter(s, samples, spec, daily, { k: 1, variant: 'logistic' });
    const withText = await walkForward(samples, spec, { ...plan, fitter });
    const without = await walkForward(samples, spec, plan);
    expect(withText.pooled.accuracy).to.be.greaterThan(0.9);
    expect(without.pooled.accuracy).to.be.lessThan(0.65);
    for (const f of withText.folds) expect(f.fittedThrough <= f.trainThrough).to.equal(true);
  });

  it('refuses a model without a pooled output by name, as the shipped model is', async () => {
    const { s, days } = textOnlyStore();
    const plain = { ...embedder, embed: undefined } as unknown as SentimentModel;
    const err = await dailyEmbeddings(s, plain, { from: days[0], to: days[10] }).catch((e: Error) => e);
    expect(String(err)).to.match(/cannot embed/);
    const shipped = await loadSentimentModel({ name: 'models/finsent-minilm-sentiment', dtype: 'q8', threads: 1 });
    try {
      const refused = await dailyEmbeddings(s, shipped, { from: days[0], to: days[10] }).catch((e: Error) => e);
      expect(String(refused)).to.match(/has no "pooled" output .*add_pooled_output\.py/);
    } finally {
      await shipped.dispose();
    }
  });
});
