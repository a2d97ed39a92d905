/**
 * Groups items into batches of similar length so padding is small: sort by length, cut into batches.
 * The items' original positions come back so results can be put back in place.
 */
export function lengthSortedBatches<T>(items: T[], size: number, len: (t: T) => number): number[][] {
  const order = items.map((_, i) => i).sort((a, b) => len(items[a]) - len(items[b]));
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

/**
 * Runs `infer` over batches while the next batch is tokenised: onnxruntime computes off the JS thread,
 * so encoding batch i+1 during inference of batch i keeps tokenisation off the critical path.
 */
export async function pipelined<E, R>(
  batches: number[][],
  encode: (idx: number[]) => E,
  infer: (e: E) => Promise<R[]>,
  onBatch?: (idx: number[], out: R[]) => void,
): Promise<void> {
  let next = batches.length ? encode(batches[0]) : undefined;
  for (let b = 0; b < batches.length; b++) {
    const running = infer(next as E);
    next = b + 1 < batches.length ? encode(batches[b + 1]) : undefined;
    onBatch?.(batches[b], await running);
  }
}

/**
 * Runs `run` over batches with up to `lanes` batches in flight (a pool of scoring threads), handing each result to
 * `onBatch` as it lands. After a failure no lane starts another batch, and the first error is thrown.
 */
export async function inLanes<R>(
  batches: number[][],
  lanes: number,
  run: (idx: number[]) => Promise<R[]>,
  onBatch: (idx: number[], out: R[]) => void,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < batches.length) {
      const idx = batches[next++];
      try {
        onBatch(idx, await run(idx));
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, batches.length)) }, lane));
}
