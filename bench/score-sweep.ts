/**
 * Sweep of the whole scoring path's two knobs on FPB test sentences: batch size (8, 16, 32) and documents
 * per transaction (chunk of 8 or 32 batches, length-sorted together), twice each. Chose the defaults.
 * Usage: npm run bench:score-sweep
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../core/config.js';
import { upsertDocuments } from '../db/documents.js';
import { openStore } from '../db/store.js';
import { loadDataset } from '../nlp/eval/datasets.js';
import { loadSentimentModel } from '../nlp/model.js';
import { scoreStore } from '../nlp/score-store.js';
import { DATA, machine } from './util.js';

const texts = loadDataset('fpb', path.join(DATA, 'financial-phrasebank')).items.map((i) => i.text);
const model = await loadSentimentModel({
  name: path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment'),
  dtype: 'q8',
});
const results: { batchSize: number; docsPerChunk: number; repeat: number; perSec: number }[] = [];
for (const repeat of [1, 2])
  for (const batchSize of [8, 16, 32])
    for (const batches of [8, 32]) {
      const store = openStore(':memory:');
      upsertDocuments(
        store.db,
        texts.map((t, i) => ({ source: 'bench', key: String(i), kind: 'social' as const, body: t })),
        't',
      );
      const r = await scoreStore(store, model, { batchSize, docsPerChunk: batchSize * batches });
      results.push({ batchSize, docsPerChunk: batchSize * batches, repeat, perSec: Math.round(r.units / r.seconds) });
      store.close();
    }
await model.dispose();
console.log(
  JSON.stringify(
    {
      bench: 'score-sweep',
      machine: machine(),
      date: new Date().toISOString().slice(0, 10),
      texts: texts.length,
      results,
    },
    null,
    2,
  ),
);
