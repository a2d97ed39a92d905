import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listModels } from '../db/models.js';
import type { Store } from '../db/store.js';
import type { FeatureSpec } from './features.js';
import type { NetKind } from './net.js';
import { type FusionModel, loadFusionModel } from './model-io.js';

/**
 * A fusion model's id: its kind, when it was trained (to the millisecond) and a hash of what it was trained on
 * and with, so a same-day retrain never reuses an id and never silently changes stored P(up).
 * @example "fusion-lstm@20261201T081502123Z-3fa9c2d1"
 */
export function fusionModelId(kind: string, at: Date, config: unknown): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const hash = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 8);
  return `fusion-${kind}@${stamp}-${hash}`;
}

/** The registry folder of one model: `<root>/<id>`, written once. */
export const modelFolder = (root: string, id: string) => path.join(root, id.replace(/[^\w.@-]/g, '_'));

export interface RegisteredFusionModel {
  id: string;
  dir: string;
  createdAt: string;
  training: Record<string, unknown>;
}

/** Fusion models in the store's registry whose folder still exists, newest first. */
export function registeredFusionModels(store: Store): RegisteredFusionModel[] {
  return listModels(store.db, 'fusion')
    .filter((m) => existsSync(path.join(m.location, 'meta.json')))
    .map((m) => ({ id: m.id, dir: m.location, createdAt: m.created_at, training: JSON.parse(m.meta ?? '{}') }));
}

/**
 * The model the pipeline uses now: the newest registered one built for the same features (`expected`) and
 * network (`kind`), or, with `before`, the newest trained only on sessions before that day (what an
 * out-of-sample backfill needs).
 * Undefined when there is none.
 */
export async function currentFusionModel(
  store: Store,
  options: { expected?: Partial<FeatureSpec>; kind?: NetKind; before?: string } = {},
): Promise<FusionModel | undefined> {
  for (const m of registeredFusionModels(store)) {
    if (
      options.before &&
      !(typeof m.training.trainedThrough === 'string' && m.training.trainedThrough < options.before)
    )
      continue;
    try {
      return { ...(await loadFusionModel(m.dir, options.expected, options.kind)), dir: m.dir };
    } catch {
      // Built for other features or another network (or damaged): an older model may still fit.
    }
  }
  return undefined;
}

/** Loads a registered fusion model by id (the id stored with each signal). Undefined when it is not registered. */
export async function fusionModelById(store: Store, id: string): Promise<FusionModel | undefined> {
  const m = registeredFusionModels(store).find((r) => r.id === id);
  return m ? { ...(await loadFusionModel(m.dir)), dir: m.dir } : undefined;
}
