/**
 * One scoring thread of a `workerPoolScorer` pool (nlp/score-pool.ts): loads the model with one intra-op thread,
 * then answers each `{ id, texts }` with the texts' probabilities, `[p_pos, p_neg, p_neu]` per text, flat in one
 * Float32Array.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSentimentModel, type ModelOptions } from './model.js';

export type ThreadRequest = { id: number; texts: string[] };
export type ThreadReply =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'scored'; id: number; probs: Float32Array }
  | { kind: 'error'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('nlp/score-thread runs as a worker thread of nlp/score-pool');
const say = (reply: ThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

try {
  const model = await loadSentimentModel({ ...(workerData as ModelOptions), threads: 1 });
  port.on('message', async ({ id, texts }: ThreadRequest) => {
    try {
      const rows = await model.infer(model.encode(texts));
      const probs = new Float32Array(rows.length * 3);
      rows.forEach((p, i) => probs.set(p, i * 3));
      say({ kind: 'scored', id, probs }, [probs.buffer as ArrayBuffer]);
    } catch (e) {
      say({ kind: 'error', id, message: (e as Error).message });
    }
  });
  say({ kind: 'ready' });
} catch (e) {
  say({ kind: 'failed', message: (e as Error).message });
}
