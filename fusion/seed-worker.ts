import { parentPort, workerData } from 'node:worker_threads';
import { type TrainData, type TrainOptions, trainNet } from './net.js';

/** One seed's fit, off the main thread (see seed-pool.ts); the weights go back as transferable buffers. */
const { train, dev, options } = workerData as { train: TrainData; dev: TrainData; options: TrainOptions };
const r = await trainNet(train, dev, options);
const weights = r.model.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));
parentPort?.postMessage(
  { weights, bestEpoch: r.bestEpoch, devLoss: r.devLoss, epochs: r.epochs, seconds: r.seconds },
  weights.map((w) => w.data.buffer as ArrayBuffer),
);
