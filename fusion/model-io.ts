import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { makeDir } from '../core/files.js';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { NonRetryableError } from '../core/errors.js';
import type { FeatureSpec, Normaliser } from './features.js';
import type { NetKind } from './net.js';
import { tfReady } from './tf.js';

export interface FusionMeta {
  id: string;
  kind: NetKind;
  cols: number[];
  spec: FeatureSpec;
  normaliser: Normaliser;
  trainedAt: string;
  training: Record<string, unknown>;
}
export interface FusionModel {
  meta: FusionMeta;
  model: TF.LayersModel;
  /** The registry folder it was saved in or loaded from. */
  dir?: string;
}

/** Writes model.json (topology + weight manifest), weights.bin and meta.json (spec, normaliser, metadata). */
export async function saveFusionModel(dir: string, model: TF.LayersModel, meta: FusionMeta): Promise<void> {
  const tf = await tfReady();
  makeDir(dir);
  await model.save(
    tf.io.withSaveHandler(async (art) => {
      writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(art.weightData as ArrayBuffer));
      writeFileSync(
        path.join(dir, 'model.json'),
        JSON.stringify({ modelTopology: art.modelTopology, weightSpecs: art.weightSpecs }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
}

/**
 * Loads a saved fusion model; refuses, before reading its weights, one whose feature spec differs from what the
 * caller will feed it, or whose network is not `kind`.
 */
export async function loadFusionModel(
  dir: string,
  expected?: Partial<FeatureSpec>,
  kind?: NetKind,
): Promise<FusionModel> {
  const tf = await tfReady();
  if (!existsSync(path.join(dir, 'meta.json')))
    throw new NonRetryableError(`no fusion model in ${dir}; run \`finsent train\` first`);
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as FusionMeta;
  for (const [k, v] of Object.entries(expected ?? {})) {
    if (JSON.stringify((meta.spec as unknown as Record<string, unknown>)[k]) !== JSON.stringify(v)) {
      throw new NonRetryableError(
        `fusion model in ${dir} was trained with ${k} = ${JSON.stringify((meta.spec as any)[k])}, ` +
          `but the pipeline now builds ${JSON.stringify(v)}; retrain with \`finsent train\``,
      );
    }
  }
  if (kind && meta.kind !== kind)
    throw new NonRetryableError(`fusion model in ${dir} is a ${meta.kind} network, not the configured ${kind}`);
  const mj = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const w = readFileSync(path.join(dir, 'weights.bin'));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: mj.modelTopology,
      weightSpecs: mj.weightSpecs,
      weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength),
    }),
  );
  return { meta, model };
}
