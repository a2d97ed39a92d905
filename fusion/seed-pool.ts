import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import { buildNet, type TrainData, type TrainOptions, type TrainResult, trainNet } from './net.js';
import { tfReady } from './tf.js';

interface WorkerResult {
  weights: { shape: number[]; data: Float32Array }[];
  bestEpoch: number;
  devLoss: number;
  epochs: number;
  seconds: number;
}

// The worker sits beside this module: seed-worker.js once built; from the TypeScript source (under tsx), an entry
// that registers tsx in the worker first (seed-worker-source.mjs).
const here = fileURLToPath(import.meta.url);
const workerFile = here.endsWith('.ts')
  ? path.join(path.dirname(here), 'seed-worker-source.mjs')
  : path.join(path.dirname(here), 'seed-worker.js');

function fitInWorker(train: TrainData, dev: TrainData, options: TrainOptions): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { train, dev, options } });
    let done = false;
    worker.once('message', (m: WorkerResult) => {
      done = true;
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      done = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`fusion seed worker (seed ${options.seed}) exited with code ${code}`));
    });
  });
}

/**
 * Fits one network per entry of `options` (a seed ensemble) on the same data. TF.js's WASM backend computes on
 * one core, so the seeds train in worker threads side by side, at most `parallel` at a time (default: one per
 * core, plus one so that the last seed does not run alone). Each fit is the one `trainNet` would make in-process;
 * a single fit stays in-process.
 */
export async function trainSeeds(
  train: TrainData,
  dev: TrainData,
  options: TrainOptions[],
  parallel: number = availableParallelism() + 1,
): Promise<TrainResult[]> {
  if (options.length <= 1 || parallel <= 1) {
    const out: TrainResult[] = [];
    for (const o of options) out.push(await trainNet(train, dev, o));
    return out;
  }
  const tf = await tfReady();
  const queue = new PQueue({ concurrency: parallel });
  return Promise.all(
    options.map((o) =>
      queue.add(async () => {
        const r = await fitInWorker(train, dev, o);
        const model = await buildNet(o);
        const tensors = r.weights.map((w) => tf.tensor(w.data, w.shape));
        model.setWeights(tensors);
        for (const t of tensors) t.dispose();
        return { model, bestEpoch: r.bestEpoch, devLoss: r.devLoss, epochs: r.epochs, seconds: r.seconds };
      }),
    ),
  ) as Promise<TrainResult[]>;
}
