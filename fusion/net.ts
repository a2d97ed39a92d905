import type * as TF from '@tensorflow/tfjs';
import { rng, shuffleInPlace } from './metrics.js';
import { tfReady } from './tf.js';

/**
 * `logistic`: one sigmoid over the flattened window. `lstm`: an LSTM's last state. `alstm`: an LSTM with temporal
 * attention (Feng et al. 2019's ALSTM): the attention-weighted mean of every step's state, beside the last state,
 * so a telling session early in the window is not forgotten. `adv-alstm`: the same network trained
 * adversarially, as Adv-ALSTM is (see `adversarialEpoch`).
 */
export type NetKind = 'lstm' | 'logistic' | 'alstm' | 'adv-alstm';

export interface TrainData {
  x: Float32Array;
  y: Float32Array;
  n: number;
}
export interface TrainOptions {
  kind: NetKind;
  window: number;
  cols: number;
  seed: number;
  units?: number;
  maxEpochs?: number;
  patience?: number;
  batchSize?: number;
  learningRate?: number;
  onEpoch?: (e: { epoch: number; loss: number; devLoss: number }) => void;
}
export interface TrainResult {
  model: TF.LayersModel;
  bestEpoch: number;
  devLoss: number;
  epochs: number;
  seconds: number;
}

const glorot = (tf: typeof TF, seed: number) => tf.initializers.glorotUniform({ seed });

interface Alstm {
  model: TF.LayersModel;
  /** The network up to its latent vector (the attention context beside the last state). */
  encoder: TF.LayersModel;
  /** The latent vector to P(up), with dropout as in training. */
  head: (latent: TF.Tensor) => TF.Tensor;
}

function buildAlstm(tf: typeof TF, options: TrainOptions): Alstm {
  const units = options.units ?? 32;
  const seed = options.seed;
  const input = tf.input({ shape: [options.window, options.cols] });
  // A feature-mapping layer before the recurrence, as in ALSTM.
  const mapped = tf.layers
    .dense({ units, activation: 'tanh', kernelInitializer: glorot(tf, seed + 4) })
    .apply(input) as TF.SymbolicTensor;
  const [states, last] = tf.layers
    .lstm({
      units,
      returnSequences: true,
      returnState: true,
      kernelInitializer: glorot(tf, seed),
      recurrentInitializer: glorot(tf, seed + 1),
    })
    .apply(mapped) as TF.SymbolicTensor[];
  const hidden = tf.layers
    .dense({ units, activation: 'tanh', kernelInitializer: glorot(tf, seed + 5) })
    .apply(states) as TF.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: 1, useBias: false, kernelInitializer: glorot(tf, seed + 6) })
    .apply(hidden) as TF.SymbolicTensor;
  const weights = tf.layers
    .activation({ activation: 'softmax' })
    .apply(tf.layers.flatten().apply(logits) as TF.SymbolicTensor) as TF.SymbolicTensor;
  const context = tf.layers.dot({ axes: [1, 1] }).apply([weights, states]) as TF.SymbolicTensor;
  const joined = tf.layers.concatenate().apply([context, last]) as TF.SymbolicTensor;
  const dropout = tf.layers.dropout({ rate: 0.2, seed: seed + 2 });
  const out = tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(tf, seed + 3) });
  const output = out.apply(dropout.apply(joined)) as TF.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 1e-3), loss: 'binaryCrossentropy' });
  const encoder = tf.model({ inputs: input, outputs: joined });
  const head = (latent: TF.Tensor) => out.apply(dropout.apply(latent, { training: true })) as TF.Tensor;
  return { model, encoder, head };
}

/** Adv-ALSTM's perturbation size (relative to each latent vector's gradient norm) and its loss weight. */
const ADVERSARIAL = { epsilon: 0.05, beta: 0.1 };

/**
 * One epoch of adversarial training (Feng et al. 2019): each batch's loss is the loss on the latent vectors plus
 * `beta` times the loss on the same vectors moved `epsilon` along the direction that raises the loss most (the
 * normalised gradient of the loss in the latent space), so the head learns a decision that small shifts of the
 * representation do not flip. Returns the epoch's mean training loss (clean plus weighted adversarial).
 */
function adversarialEpoch(
  tf: typeof TF,
  net: Alstm,
  optimizer: TF.Optimizer,
  x: TF.Tensor3D,
  y: TF.Tensor2D,
  batchSize: number,
): number {
  const n = x.shape[0];
  // This network's weights only: other models alive in the process must not be touched.
  const variables = net.model.trainableWeights.map((w) => w.read() as TF.Variable);
  const bce = (yTrue: TF.Tensor, yPred: TF.Tensor) => tf.metrics.binaryCrossentropy(yTrue, yPred).mean();
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const loss = tf.tidy(() => {
      const xb = x.slice([start, 0, 0], [size, -1, -1]);
      const yb = y.slice([start, 0], [size, -1]);
      const latent = net.encoder.apply(xb, { training: true }) as TF.Tensor;
      const g = tf.grad((e: TF.Tensor) => bce(yb, net.head(e)))(latent);
      const shift = g.div(g.norm('euclidean', 1, true).add(1e-12)).mul(ADVERSARIAL.epsilon);
      const combined = optimizer.minimize(
        () => {
          const e = net.encoder.apply(xb, { training: true }) as TF.Tensor;
          return bce(yb, net.head(e)).add(bce(yb, net.head(e.add(shift))).mul(ADVERSARIAL.beta)) as TF.Scalar;
        },
        true,
        variables,
      );
      return combined?.dataSync()[0] ?? 0;
    });
    total += loss * size;
  }
  return total / n;
}

function build(tf: typeof TF, options: TrainOptions): TF.LayersModel {
  if (options.kind === 'alstm' || options.kind === 'adv-alstm') return buildAlstm(tf, options).model;
  const m = tf.sequential();
  if (options.kind === 'lstm') {
    m.add(
      tf.layers.lstm({
        units: options.units ?? 32,
        inputShape: [options.window, options.cols],
        kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
        recurrentInitializer: tf.initializers.glorotUniform({ seed: options.seed + 1 }),
      }),
    );
    m.add(tf.layers.dropout({ rate: 0.2, seed: options.seed + 2 }));
  } else {
    m.add(tf.layers.flatten({ inputShape: [options.window, options.cols] }));
  }
  m.add(
    tf.layers.dense({
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 3 }),
      kernelRegularizer: options.kind === 'logistic' ? tf.regularizers.l2({ l2: 1e-3 }) : undefined,
    }),
  );
  m.compile({ optimizer: tf.train.adam(options.learningRate ?? 1e-3), loss: 'binaryCrossentropy' });
  return m;
}

/**
 * Trains with a seeded shuffle each epoch and early stopping on the dev loss; the weights of the best
 * dev epoch are restored at the end. Deterministic for a given seed on the same backend.
 */
export async function trainNet(train: TrainData, dev: TrainData, options: TrainOptions): Promise<TrainResult> {
  const tf = await tfReady();
  const t0 = performance.now();
  // Adversarial training runs its own batch loop with its own optimizer; everything else goes through fit().
  const adversarial =
    options.kind === 'adv-alstm'
      ? { net: buildAlstm(tf, options), optimizer: tf.train.adam(options.learningRate ?? 1e-3) }
      : undefined;
  const model = adversarial?.net.model ?? build(tf, options);
  const batchSize = options.batchSize ?? 128;
  const shape = (d: TrainData) => [d.n, options.window, options.cols] as [number, number, number];
  const devX = tf.tensor3d(dev.x, shape(dev)),
    devY = tf.tensor2d(dev.y, [dev.n, 1]);
  const r = rng(options.seed);
  const per = options.window * options.cols;
  let best = Infinity,
    bestEpoch = 0,
    bestWeights: TF.Tensor[] | null = null,
    wait = 0,
    epoch = 0;
  const maxEpochs = options.maxEpochs ?? 30,
    patience = options.patience ?? 4;
  for (epoch = 1; epoch <= maxEpochs; epoch++) {
    const order = shuffleInPlace(
      Array.from({ length: train.n }, (_, i) => i),
      r,
    );
    const xs = new Float32Array(train.x.length),
      ys = new Float32Array(train.n);
    order.forEach((src, dst) => {
      xs.set(train.x.subarray(src * per, (src + 1) * per), dst * per);
      ys[dst] = train.y[src];
    });
    const tx = tf.tensor3d(xs, shape(train)),
      ty = tf.tensor2d(ys, [train.n, 1]);
    const loss = adversarial
      ? adversarialEpoch(tf, adversarial.net, adversarial.optimizer, tx, ty, batchSize)
      : ((await model.fit(tx, ty, { epochs: 1, batchSize, shuffle: false, verbose: 0 })).history.loss[0] as number);
    tx.dispose();
    ty.dispose();
    const devLoss = tf.tidy(() => (model.evaluate(devX, devY, { batchSize: 1024 }) as TF.Scalar).dataSync()[0]);
    options.onEpoch?.({ epoch, loss, devLoss });
    if (devLoss < best - 1e-5) {
      best = devLoss;
      bestEpoch = epoch;
      wait = 0;
      bestWeights?.forEach((w) => w.dispose());
      bestWeights = model.getWeights().map((w) => w.clone());
    } else if (++wait >= patience) break;
  }
  adversarial?.optimizer.dispose();
  if (bestWeights) {
    model.setWeights(bestWeights);
    bestWeights.forEach((w) => w.dispose());
  }
  devX.dispose();
  devY.dispose();
  return {
    model,
    bestEpoch,
    devLoss: best,
    epochs: Math.min(epoch, maxEpochs),
    seconds: (performance.now() - t0) / 1000,
  };
}

export async function predictNet(
  model: TF.LayersModel,
  d: TrainData,
  window: number,
  cols: number,
): Promise<Float32Array> {
  const tf = await tfReady();
  return tf.tidy(
    () =>
      (
        model.predict(tf.tensor3d(d.x, [d.n, window, cols]), { batchSize: 1024 }) as TF.Tensor
      ).dataSync() as Float32Array,
  );
}

/**
 * One model whose output is the mean of `models`' outputs (a seed ensemble), built with the functional API so it
 * saves, loads, predicts and takes gradients as a single model. A single model is returned as it is.
 */
export async function averageModels(models: TF.LayersModel[]): Promise<TF.LayersModel> {
  if (models.length === 1) return models[0];
  const tf = await tfReady();
  const shape = models[0].inputs[0].shape.slice(1) as number[];
  const input = tf.input({ shape });
  const outputs = models.map((m) => m.apply(input) as TF.SymbolicTensor);
  const mean = tf.layers.average().apply(outputs) as TF.SymbolicTensor;
  return tf.model({ inputs: input, outputs: mean });
}

/** An untrained network of the given shape, its initial weights seeded as `trainNet` seeds them. */
export async function buildNet(options: TrainOptions): Promise<TF.LayersModel> {
  return build(await tfReady(), options);
}
