import * as ort from 'onnxruntime-node';
import type { SentimentModel } from '../nlp/model.js';

/**
 * One batch tokenised as the scoring path does it, as the bare onnxruntime session's inputs: the benchmarks time
 * session.run alone on these (BERT's token types are all 0 for one sentence).
 */
export function sessionFeed(model: SentimentModel, texts: string[]): Record<string, ort.Tensor> {
  const e = model.encode(texts);
  const dims = e.input_ids.dims as number[];
  return {
    input_ids: new ort.Tensor('int64', e.input_ids.data as BigInt64Array, dims),
    attention_mask: new ort.Tensor('int64', e.attention_mask.data as BigInt64Array, dims),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(dims[0] * dims[1]), dims),
  };
}
