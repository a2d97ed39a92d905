import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<typeof tf> | undefined;

/**
 * TensorFlow.js on its WASM backend: pure npm, no native build or download, several times faster than the
 * plain JS CPU backend for LSTMs. (tfjs-node would need libtensorflow fetched at install, which fails offline.)
 */
export function tfReady(): Promise<typeof tf> {
  ready ??= (async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    setWasmPaths(dist.endsWith('/') ? dist : `${dist}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  })();
  return ready;
}
