import { PCA } from 'ml-pca';
import { linkedTextsBetween } from '../db/daily.js';
import { priceSeries } from '../db/prices.js';
import type { Store } from '../db/store.js';
import { lengthSortedBatches, pipelined } from '../nlp/batches.js';
import type { SentimentModel } from '../nlp/model.js';
import { unitsOfStored } from '../nlp/units.js';
import { type CutoffMode, makeDayAssigner, nextTradingDay, tradingDaysBetween } from './calendar.js';
import { crossSectional } from './cross-section.js';
import type { FeatureSpec, Sample } from './features.js';
import type { Variant } from './dataset.js';
import { type FoldFitter, fusionFitter } from './walk-forward.js';

/** The mean pooled embedding of each ticker's documents per session, keyed `ticker|day`. */
export type DailyEmbeddings = Map<string, Float32Array>;

/**
 * Embeds every document linked to a ticker and published in [from, to) with the model's pooled output (the mean
 * over a document's scoring units), and averages them per ticker and session, a document counting for the
 * session whose cut-off follows its publication, as the daily sentiment does.
 */
export async function dailyEmbeddings(
  store: Store,
  model: SentimentModel,
  options: {
    from: string;
    to: string;
    cutoff?: CutoffMode;
    offsetMinutes?: number;
    batchSize?: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<DailyEmbeddings> {
  const embed = model.embed?.bind(model);
  if (!embed) throw new Error(`model ${model.id} cannot embed`);
  const docs = linkedTextsBetween(store.db, `${options.from}T00:00:00`, `${options.to}T00:00:00`);
  const assign = makeDayAssigner(
    tradingDaysBetween(options.from, nextTradingDay(options.to)),
    options.cutoff,
    options.offsetMinutes,
  );
  const sums = new Map<string, { sum: Float64Array; n: number }>();
  const chunk = 2048;
  for (let at = 0; at < docs.length; at += chunk) {
    const part = docs.slice(at, at + chunk);
    const units = part.flatMap((d, i) => unitsOfStored(d).map((u) => ({ ...u, doc: i })));
    const vectors: Float32Array[] = new Array(units.length);
    await pipelined(
      lengthSortedBatches(units, options.batchSize ?? 16, (u) => u.text.length),
      (idx) => model.encode(idx.map((i) => units[i].text)),
      (e) => embed(e),
      (idx, out) =>
        idx.forEach((u, k) => {
          vectors[u] = out[k];
        }),
    );
    const byDoc = new Map<number, Float32Array[]>();
    units.forEach((u, i) => {
      const vs = byDoc.get(u.doc);
      if (vs) vs.push(vectors[i]);
      else byDoc.set(u.doc, [vectors[i]]);
    });
    for (const [i, vs] of byDoc) {
      const d = part[i];
      const day = assign(d.published_at);
      for (const ticker of d.tickers.split(',')) {
        const key = `${ticker}|${day}`;
        const acc = sums.get(key) ?? { sum: new Float64Array(vs[0].length), n: 0 };
        for (const v of vs) for (let j = 0; j < v.length; j++) acc.sum[j] += v[j] / vs.length;
        acc.n++;
        sums.set(key, acc);
      }
    }
    options.onProgress?.(Math.min(at + chunk, docs.length), docs.length);
  }
  return new Map([...sums].map(([k, a]) => [k, Float32Array.from(a.sum, (x) => x / a.n)]));
}

/** The feature names of `k` principal components of the daily embedding. */
export const embeddingFeatureNames = (k: number) => Array.from({ length: k }, (_, i) => `emb_pc${i + 1}`);

/** The sessions of each sample's window, from its ticker's price days (the last one is the sample's own). */
function windowSessions(store: Store, samples: Sample[], window: number): Map<Sample, string[]> {
  const series = new Map<string, { days: string[]; at: Map<string, number> }>();
  const out = new Map<Sample, string[]>();
  for (const s of samples) {
    let t = series.get(s.ticker);
    if (!t) {
      const days = priceSeries(store.db, s.ticker).map((p) => p.day);
      t = { days, at: new Map(days.map((d, i) => [d, i])) };
      series.set(s.ticker, t);
    }
    // A live target follows the price series instead of being in it.
    const k = t.at.get(s.day);
    if (k === undefined) out.set(s, [...t.days.slice(Math.max(0, t.days.length - (window - 1))), s.day]);
    else out.set(s, t.days.slice(Math.max(0, k + 1 - window), k + 1));
  }
  return out;
}

/**
 * Each sample's window with `k` more sentiment columns per step: the principal components of that session's
 * daily embedding (zeros without documents), from a PCA fitted by the caller.
 */
function withComponents(
  samples: Sample[],
  spec: FeatureSpec,
  sessions: Map<Sample, string[]>,
  components: Map<string, number[]>,
  k: number,
): Sample[] {
  const F = spec.price.length + spec.sentiment.length;
  const none = new Array<number>(k).fill(0);
  const pcs = (key: string) => components.get(key) ?? none;
  return samples.map((s) => {
    const days = sessions.get(s) ?? [];
    const x = new Float32Array(spec.window * (F + k));
    for (let j = 0; j < spec.window; j++) {
      x.set(s.x.subarray(j * F, (j + 1) * F), j * (F + k));
      x.set(pcs(`${s.ticker}|${days[j]}`), j * (F + k) + F);
    }
    return { ...s, x };
  });
}

/**
 * A walk-forward fold fitter that adds `k` principal components of the daily text embedding to the features:
 * the PCA is fitted on the fold's history only (the sessions through its `trainThrough`), every sample built
 * (labelled or not, so a session's peers do not depend on its moves) is extended, and under cross-section
 * normalisation the new columns are z-scored across each session's tickers like the others. Then the nightly
 * fit (`fitFusion`) runs on the extended features.
 */
export function embeddingFitter(
  store: Store,
  all: Sample[],
  spec: FeatureSpec,
  daily: DailyEmbeddings,
  options: { k: number; variant?: Variant; seed?: number; seeds?: number; units?: number },
): FoldFitter {
  const sessions = windowSessions(store, all, spec.window);
  const extended: FeatureSpec = { ...spec, sentiment: [...spec.sentiment, ...embeddingFeatureNames(options.k)] };
  const keyOf = (s: Sample) => `${s.ticker}|${s.day}`;
  const fitExtended = fusionFitter(extended, options);
  return async (history, test, plan) => {
    const rows = [...daily].filter(([key]) => key.slice(key.indexOf('|') + 1) <= plan.trainThrough);
    const pca = new PCA(
      rows.map(([, v]) => Array.from(v)),
      { method: 'covarianceMatrix', center: true, scale: false },
    );
    // Every session's embedding projected at once: one matrix product instead of one per session.
    const keys = [...daily.keys()];
    const projected = pca.predict(
      keys.map((key) => Array.from(daily.get(key) ?? [])),
      { nComponents: options.k },
    );
    const components = new Map(keys.map((key, i) => [key, projected.getRow(i)]));
    let built = withComponents(all, spec, sessions, components, options.k);
    if (spec.normalise === 'cross-section') built = crossSectional(built);
    const byKey = new Map(built.map((s) => [keyOf(s), s]));
    const pick = (s: Sample[]) =>
      s.map((x) => {
        const e = byKey.get(keyOf(x));
        if (!e) throw new Error(`sample ${keyOf(x)} was not among those the embedding features were built for`);
        return e;
      });
    return fitExtended(pick(history), pick(test), plan);
  };
}
