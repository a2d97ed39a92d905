import { Worker } from 'node:worker_threads';
import { NonRetryableError } from '../core/errors.js';
import type { ModelOptions } from './model.js';
import type { ThreadReply } from './score-thread.js';

/** Scores batches of texts: `[p_pos, p_neg, p_neu]` per text, with up to `concurrency` batches in flight. */
export interface TextScorer {
  readonly concurrency: number;
  score(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (p: Float32Array[]) => void;
  reject: (e: Error) => void;
}

/** The thread's entry: dist/nlp/score-thread.js when built, a tsx bootstrap beside the sources under tsx. */
const threadEntry = () =>
  new URL(import.meta.url.endsWith('.ts') ? './score-thread-tsx.mjs' : './score-thread.js', import.meta.url);

/**
 * A pool of worker threads, each with its own copy of the model on one intra-op thread, scoring whole batches side
 * by side. On 2 cores this beats one session on two intra-op threads (docs/benchmarks.md, "scoring threads"): a
 * batch's operators no longer wait for each other's halves, so a core slowed by a neighbour slows only its own
 * batch. A batch's scores do not depend on the thread that ran it: every thread runs the same file on the same
 * kernels, and the static int8 graph scores a text independently of its batch-mates.
 * @throws NonRetryableError when a thread cannot load the model
 */
export async function workerPoolScorer(options: ModelOptions, size: number): Promise<TextScorer> {
  if (!Number.isInteger(size) || size < 1)
    throw new NonRetryableError(`a scoring pool needs 1 thread or more: ${size}`);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let broken: Error | null = null;
  let closing = false;
  const fail = (e: Error) => {
    broken ??= e;
    for (const p of pending.values()) p.reject(broken);
    pending.clear();
  };
  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      // No inherited flags: `node --input-type=module -e ...` (or a loader of the parent's) would stop a thread
      // from starting, and the thread needs none of them.
      const w = new Worker(threadEntry(), { workerData: options, execArgv: [] });
      w.once('error', reject);
      w.once('message', (m: ThreadReply) => {
        if (m.kind === 'ready') resolve(w);
        else reject(new NonRetryableError(`scoring thread: ${m.kind === 'failed' ? m.message : m.kind}`));
      });
    });
  const workers: Worker[] = [];
  try {
    for (const w of await Promise.allSettled(Array.from({ length: size }, start)))
      if (w.status === 'fulfilled') workers.push(w.value);
      else broken ??= w.reason as Error;
    if (broken) throw broken;
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e instanceof NonRetryableError ? e : new NonRetryableError((e as Error).message, { cause: e });
  }
  for (const w of workers) {
    w.on('message', (m: ThreadReply) => {
      if (m.kind !== 'scored' && m.kind !== 'error') return;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.kind === 'error') return p?.reject(new NonRetryableError(`scoring thread: ${m.message}`));
      const out: Float32Array[] = new Array(m.probs.length / 3);
      for (let r = 0; r < out.length; r++) out[r] = m.probs.subarray(r * 3, r * 3 + 3);
      p?.resolve(out);
    });
    // A thread that dies takes its batch with it; the pool refuses further work, and the caller's transaction
    // for the chunk in flight is never written, so a rerun scores those documents again.
    w.on('error', (e) => fail(new NonRetryableError(`scoring thread failed: ${e.message}`, { cause: e })));
    w.on('exit', (code) => {
      if (!closing) fail(new NonRetryableError(`scoring thread exited (code ${code})`));
    });
  }
  const idle = [...workers];
  const waiting: ((w: Worker) => void)[] = [];
  const acquire = () => new Promise<Worker>((resolve) => (idle.length ? resolve(idle.pop()!) : waiting.push(resolve)));
  const release = (w: Worker) => (waiting.length ? waiting.shift()!(w) : idle.push(w));
  return {
    concurrency: size,
    async score(texts) {
      if (broken) throw broken;
      const w = await acquire();
      try {
        return await new Promise<Float32Array[]>((resolve, reject) => {
          if (broken) return reject(broken);
          const id = nextId++;
          pending.set(id, { resolve, reject });
          w.postMessage({ id, texts });
        });
      } finally {
        release(w);
      }
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
