import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { NonRetryableError } from '../core/errors.js';
import { mapLabels } from './labels.js';
import { isLocalModel, sentimentModelId } from './model-id.js';

export interface ModelOptions {
  /** Local HF-format folder, or a hub id ("Xenova/finbert") where the network and `allowRemote` allow. */
  name: string;
  dtype?: 'fp32' | 'q8';
  device?: 'cpu' | 'cuda' | 'webgpu';
  /** Intra-op threads; 0 lets onnxruntime choose (all cores). */
  threads?: number;
  maxTokens?: number;
  allowRemote?: boolean;
}

export interface Encoded {
  input_ids: Tensor;
  attention_mask: Tensor;
  token_type_ids?: Tensor;
}

export interface SentimentModel {
  /** Stable id used as the scores' key: "<folder or hub id>@<dtype>". */
  readonly id: string;
  readonly maxTokens: number;
  readonly tokenizer: PreTrainedTokenizer;
  /** Tokenises a batch, padded to its longest member and truncated to maxTokens. */
  encode(texts: string[]): Encoded;
  /** Runs the model on an encoded batch: probabilities as [p_pos, p_neg, p_neu] per row. */
  infer(batch: Encoded): Promise<Float32Array[]>;
  /** Raw logits in the model's own label order (parity tests). */
  logits(batch: Encoded): Promise<number[][]>;
  /**
   * The pooled text embedding per row, for a model whose ONNX graph has a `pooled` output
   * (training/add_pooled_output.py adds one; the shipped model has none). @throws NonRetryableError otherwise
   */
  embed?(batch: Encoded): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

function softmax3(l: ArrayLike<number>, offset: number, idx: [number, number, number], n: number): Float32Array {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, l[offset + j]);
  let sum = 0;
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e[j] = Math.exp(l[offset + j] - max);
    sum += e[j];
  }
  return Float32Array.of(e[idx[0]] / sum, e[idx[1]] / sum, e[idx[2]] / sum);
}

/**
 * Loads a FinBERT-family sequence classifier with Transformers.js on onnxruntime-node. Offline by default:
 * remote models are off unless `allowRemote`, so a run never touches the network by accident.
 * @example const m = await loadSentimentModel({ name: 'models/finsent-minilm-sentiment', dtype: 'q8' });
 */
export async function loadSentimentModel(options: ModelOptions): Promise<SentimentModel> {
  const local = isLocalModel(options.name);
  env.allowRemoteModels = !!options.allowRemote && !local;
  env.allowLocalModels = true;
  const name = local ? path.resolve(options.name) : options.name;
  if (local) {
    const cfg = path.join(name, 'config.json');
    if (!existsSync(cfg))
      throw new NonRetryableError(
        `model folder ${name} has no config.json (expected an HF-format folder with onnx/model*.onnx)`,
      );
    const file = path.join(name, 'onnx', options.dtype === 'fp32' ? 'model.onnx' : 'model_quantized.onnx');
    if (!existsSync(file))
      throw new NonRetryableError(
        `model folder ${name} has no ${path.relative(name, file)}` +
          (options.dtype === 'fp32'
            ? ' (the fp32 file is not committed; run training/run_all.sh or use --dtype q8)'
            : ''),
      );
  } else if (!options.allowRemote) {
    throw new NonRetryableError(
      `model "${options.name}" is not a local folder and remote models are off ` +
        '(set model.allowRemote or pass --allow-remote where the network allows)',
    );
  }
  const maxTokens = options.maxTokens ?? 64;
  let tokenizer: PreTrainedTokenizer;
  let model: PreTrainedModel;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: !env.allowRemoteModels });
    model = await AutoModelForSequenceClassification.from_pretrained(name, {
      dtype: options.dtype ?? 'q8',
      device: options.device ?? 'cpu',
      local_files_only: !env.allowRemoteModels,
      session_options: options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {},
    } as never);
  } catch (cause) {
    throw new NonRetryableError(
      `cannot load model ${options.name} (${options.dtype ?? 'q8'}, ${options.device ?? 'cpu'}): ` +
        (cause as Error).message,
      { cause },
    );
  }
  const id2label =
    (model.config as unknown as { id2label?: Record<string, string> }).id2label ??
    (local ? JSON.parse(readFileSync(path.join(name, 'config.json'), 'utf8')).id2label : undefined);
  const idx = mapLabels(id2label, options.name);
  const nLabels = Object.keys(id2label).length;
  const id = sentimentModelId(options.name, options.dtype ?? 'q8');

  const run = async (batch: Encoded) => (await model(batch as never)).logits as Tensor;
  const outputNames: string[] =
    (model as unknown as { sessions?: { model?: { outputNames?: string[] } } }).sessions?.model?.outputNames ?? [];
  const sepId = BigInt((tokenizer as unknown as { sep_token_id?: number }).sep_token_id ?? 102);
  // Transformers.js 4.x truncates after adding special tokens, so a text longer than maxTokens loses its
  // final [SEP]; Python (and the model in training) keep it. Restoring it on full-length rows gives the
  // exact ids of HF's truncation for single-sequence input (content cut to maxTokens - 2, then [SEP]).
  const encode = (texts: string[]): Encoded => {
    const e = tokenizer(texts, { padding: true, truncation: true, max_length: maxTokens }) as unknown as Encoded;
    const [rows, cols] = e.input_ids.dims;
    if (cols === maxTokens) {
      const ids = e.input_ids.data as BigInt64Array;
      const mask = e.attention_mask.data as BigInt64Array;
      for (let r = 0; r < rows; r++) if (mask[r * cols + cols - 1] === 1n) ids[r * cols + cols - 1] = sepId;
    }
    return e;
  };
  return {
    id,
    maxTokens,
    tokenizer,
    encode,
    async infer(batch) {
      const logits = await run(batch);
      const data = logits.data as Float32Array;
      const rows = logits.dims[0];
      const out: Float32Array[] = new Array(rows);
      for (let r = 0; r < rows; r++) out[r] = softmax3(data, r * nLabels, idx, nLabels);
      return out;
    },
    async logits(batch) {
      const t = await run(batch);
      return t.tolist() as number[][];
    },
    async embed(batch) {
      if (!outputNames.includes('pooled'))
        throw new NonRetryableError(
          `model ${options.name} has no "pooled" output (training/add_pooled_output.py adds one to a copy)`,
        );
      // forward returns every session output by name, where the classifier output keeps only the logits.
      const out = (await (model as unknown as { forward(b: Encoded): Promise<Record<string, Tensor>> }).forward(
        batch,
      )) as Record<string, Tensor>;
      const [rows, dims] = out.pooled.dims;
      const data = out.pooled.data as Float32Array;
      return Array.from({ length: rows }, (_, r) => data.slice(r * dims, (r + 1) * dims));
    },
    dispose: async () => {
      await model.dispose();
    },
  };
}
