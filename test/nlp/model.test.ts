import { expect } from 'chai';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NonRetryableError } from '../../core/errors.js';
import { loadSentimentModel } from '../../nlp/model.js';
import { sentimentModelId } from '../../nlp/model-id.js';

describe('nlp/model loading', () => {
  it('refuses a hub id while remote models are off, without touching the network', async () => {
    let err: unknown;
    try {
      await loadSentimentModel({ name: 'Xenova/finbert' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(NonRetryableError);
    expect((err as Error).message).to.match(/"Xenova\/finbert" is not a local folder and remote models are off/);
  });

  it('names what is missing in a local folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'model-'));
    let err: unknown;
    try {
      await loadSentimentModel({ name: dir });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).to.match(/has no config.json/);
    writeFileSync(path.join(dir, 'config.json'), '{}');
    mkdirSync(path.join(dir, 'onnx'));
    try {
      await loadSentimentModel({ name: dir, dtype: 'fp32' });
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).to.match(/has no onnx\/model.onnx \(the fp32 file is not committed/);
  });

  it('gives local models an id that changes with their weights, and hub models their name', () => {
    expect(sentimentModelId('Xenova/finbert', 'q8')).to.equal('Xenova/finbert@q8');
    expect(sentimentModelId(path.join(import.meta.dirname, '../../models/finsent-minilm-sentiment'), 'q8')).to.match(
      /^finsent-minilm-sentiment@q8:[0-9a-f]{8}$/,
    );
  });
});
