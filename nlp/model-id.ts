import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string>();

export const isLocalModel = (name: string) => name.startsWith('/') || name.startsWith('.') || existsSync(name);
export const onnxFile = (dir: string, dtype: 'fp32' | 'q8') =>
  path.join(dir, 'onnx', dtype === 'fp32' ? 'model.onnx' : 'model_quantized.onnx');

/**
 * The id scores are stored under: "<folder>@<dtype>:<first 8 hex of the ONNX file's sha256>" for a local
 * model, so retrained weights never reuse stale cached scores; "<hub id>@<dtype>" for a hub model.
 */
export function sentimentModelId(name: string, dtype: 'fp32' | 'q8'): string {
  if (!isLocalModel(name)) return `${name}@${dtype}`;
  const file = onnxFile(path.resolve(name), dtype);
  if (!existsSync(file)) return `${path.basename(path.resolve(name))}@${dtype}`;
  const key = `${file}|${statSync(file).mtimeMs}`;
  let h = cache.get(key);
  if (!h) {
    h = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 8);
    cache.set(key, h);
  }
  return `${path.basename(path.resolve(name))}@${dtype}:${h}`;
}
