import type * as TF from '@tensorflow/tfjs';
import { type ContributingDocument, tickerDocumentsBetween } from '../db/daily.js';
import type { Store } from '../db/store.js';
import { cutoff, prevTradingDay } from './calendar.js';
import { dataOf } from './dataset.js';
import { nFeatures } from './features.js';
import { peerSamples } from './peer-samples.js';
import type { FusionModel } from './model-io.js';
import { tfReady } from './tf.js';

export type FeatureFamily = 'price' | 'volume' | 'sentiment';

export interface SignalExplanation {
  ticker: string;
  day: string;
  model: string;
  pUp: number;
  /** P(up) at the baseline input: every feature at its training mean (0 after normalisation). */
  baseline: number;
  /** Attributions summed by feature family, and by window step (0 = oldest session of the window). */
  byFamily: Record<FeatureFamily, number>;
  byStep: number[];
  /** `value` is the feature as built, before z-scoring; under cross-section normalisation, against that day's peers. */
  features: { step: number; feature: string; family: FeatureFamily; value: number; attribution: number }[];
  /** |Σ attributions − (pUp − baseline)|: how far the integral's approximation is from exact completeness. */
  completenessError: number;
  documents: (ContributingDocument & { contribution: number; session: string })[];
}

const familyOf = (feature: string): FeatureFamily =>
  feature.includes('volume') ? 'volume' : ['high_rel', 'low_rel', 'return'].includes(feature) ? 'price' : 'sentiment';

/**
 * Integrated gradients (Sundararajan et al. 2017) of P(up) for one stored signal, through the fusion network
 * with TensorFlow.js gradients: attribution = (x − x₀) ⊙ the mean gradient along the straight path from the
 * baseline x₀ (the training mean) to x, over `steps` points evaluated in one batch. By construction the
 * attributions sum to P(up) − P(up | x₀) up to the Riemann error, reported as `completenessError`. Also lists
 * the documents behind the sentiment features of the window, ranked by |score| × their weight in their
 * session's mean (1 / that session's count).
 */
export async function explainSignal(
  store: Store,
  fm: FusionModel,
  ticker: string,
  day: string,
  options: { steps?: number; documents?: number } = {},
): Promise<SignalExplanation | null> {
  return (await explainSignals(store, fm, [ticker], day, options)).get(ticker) ?? null;
}

/**
 * `explainSignal` for many tickers of one session at once: every ticker's path points go through the network in
 * one batch, so a date's explanations cost one gradient pass.
 */
export async function explainSignals(
  store: Store,
  fm: FusionModel,
  tickers: string[],
  day: string,
  options: { steps?: number; documents?: number } = {},
): Promise<Map<string, SignalExplanation>> {
  const tf = await tfReady();
  const { spec, normaliser, cols } = fm.meta;
  const samples = peerSamples(store, spec, { tickers, targets: [day] });
  const out = new Map<string, SignalExplanation>();
  if (!samples.length) return out;
  const x = dataOf(samples, spec, normaliser, cols).x;
  const steps = options.steps ?? 64;
  const W = spec.window;
  const C = cols.length;
  const n = samples.length;
  const names = [...spec.price, ...spec.sentiment];
  const { grads, p } = tf.tidy(() => {
    const input = tf.tensor3d(x, [n, W, C]);
    const alphas = tf.linspace(1 / (2 * steps), 1 - 1 / (2 * steps), steps).reshape([1, steps, 1, 1]);
    // [n, steps, W, C] -> [n * steps, W, C]: sample i's path points are rows i * steps .. (i + 1) * steps - 1.
    const path = alphas.mul(input.expandDims(1)).reshape([n * steps, W, C]);
    const f = (t: TF.Tensor) => (fm.model.apply(t) as TF.Tensor).sum();
    const g = tf.grad(f)(path).reshape([n, steps, W, C]).mean(1).mul(input);
    const preds = fm.model.predict(tf.concat([input, tf.zeros([1, W, C])])) as TF.Tensor;
    return { grads: g.dataSync() as Float32Array, p: preds.dataSync() as Float32Array };
  });
  const baseline = p[n];
  samples.forEach((sample, i) => {
    const features: SignalExplanation['features'] = [];
    const byFamily: Record<FeatureFamily, number> = { price: 0, volume: 0, sentiment: 0 };
    const byStep = new Array<number>(W).fill(0);
    for (let j = 0; j < W; j++)
      cols.forEach((c, k) => {
        const attribution = grads[(i * W + j) * C + k];
        const feature = names[c];
        const family = familyOf(feature);
        byFamily[family] += attribution;
        byStep[j] += attribution;
        features.push({ step: j, feature, family, value: sample.x[j * nFeatures(spec) + c], attribution });
      });
    const total = features.reduce((a, f) => a + f.attribution, 0);
    out.set(sample.ticker, {
      ticker: sample.ticker,
      day,
      model: fm.meta.id,
      pUp: p[i],
      baseline,
      byFamily,
      byStep,
      features: features.sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution)),
      completenessError: Math.abs(total - (p[i] - baseline)),
      documents: windowDocuments(store, spec.sentimentModel, sample.ticker, day, W, spec).slice(
        0,
        options.documents ?? 10,
      ),
    });
  });
  return out;
}

/** The documents each session of the window was built from, with their share of that session's mean score. */
function windowDocuments(
  store: Store,
  model: string,
  ticker: string,
  day: string,
  window: number,
  spec: FusionModel['meta']['spec'],
) {
  // The window's sentiment steps are the sessions after each price step, ending at `day` itself.
  const sessions = [day];
  while (sessions.length < window) sessions.unshift(prevTradingDay(sessions[0]));
  const out: SignalExplanation['documents'] = [];
  for (const session of sessions) {
    const from = cutoff(prevTradingDay(session), spec.cutoff, spec.offsetMinutes).toISOString();
    const to = cutoff(session, spec.cutoff, spec.offsetMinutes).toISOString();
    const docs = tickerDocumentsBetween(store.db, ticker, model, from, to);
    // Each document's share of the session's mean is its relevance over the session's total.
    const weight = docs.reduce((sum, d) => sum + d.relevance, 0);
    for (const d of docs) out.push({ ...d, session, contribution: (Math.abs(d.score) * d.relevance) / weight });
  }
  return out.sort((a, b) => b.contribution - a.contribution);
}
