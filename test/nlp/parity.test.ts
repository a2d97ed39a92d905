import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';
import { loadSentimentModel, type SentimentModel } from '../../nlp/model.js';

const MODEL = path.join(PROJECT_ROOT, 'models/finsent-minilm-sentiment');
const REF = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/model-reference.json'), 'utf8')) as {
  max_length: number;
  sentences: { text: string; input_ids: number[]; logits: Record<string, number[]> }[];
};
const softmax = (l: number[]) => {
  const m = Math.max(...l);
  const e = l.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b);
  return e.map((x) => x / s);
};
const argmax = (l: number[]) => l.indexOf(Math.max(...l));

// Bounds on how far the shipped int8 model may drift from the trained fp32 PyTorch model. Measured at export
// (reference.py, 52 sentences) for the float-output graph (training/float_outputs.py): largest per-sentence
// probability difference 0.041, mean 0.005, same label on 52/52. The graph that rounded each MatMul's output back
// to uint8 drifted up to 0.618 (mean 0.038, 50/52), and these bounds fail on it. The int8 arithmetic is exact on
// every x86 kernel (7-bit weights, checked below; `npm run test:isa` reruns this file on an emulated AVX2 CPU), so
// the bounds do not depend on the CPU.
const INT8_MAX_PROB_DIFF = 0.1;
const INT8_MEAN_PROB_DIFF = 0.01;
const INT8_MIN_ARGMAX_AGREEMENT = 0.98;

describe('nlp parity with the Python training tools', function () {
  // At least two minutes a test; test:isa runs them under CPU emulation and sets a longer limit, which stands.
  this.timeout(Math.max(this.timeout(), 120_000));
  let q8: SentimentModel;
  before(async () => {
    q8 = await loadSentimentModel({ name: MODEL, dtype: 'q8' });
  });
  after(() => q8?.dispose());

  it('ships int8 weights of at most 7 bits, so no x86 int8 kernel saturates (export_meta matches the file)', () => {
    // Without VNNI, onnxruntime adds u8*s8 pairs in a saturating int16: 2 * 255 * 64 fits, 2 * 255 * 127 does not.
    // Exact integer arithmetic is what lets one committed reference hold on AVX2, AVX-512 VNNI and AMX alike.
    const meta = JSON.parse(readFileSync(path.join(MODEL, 'export_meta.json'), 'utf8'));
    const file = readFileSync(path.join(MODEL, 'onnx/model_quantized.onnx'));
    expect(createHash('sha256').update(file).digest('hex')).to.equal(meta.files['model_quantized.onnx'].sha256);
    expect(meta.int8_matmul_weight_abs_max).to.be.a('number').and.at.most(64);
  });

  it(`has at least 50 reference sentences`, () => expect(REF.sentences.length).to.be.at.least(50));

  it('tokenises every reference sentence to exactly the Python token ids (truncated to 64)', () => {
    for (const s of REF.sentences) {
      const ids = Array.from(q8.encode([s.text]).input_ids.data as BigInt64Array, Number);
      expect(ids, s.text).to.deep.equal(s.input_ids);
    }
  });

  it('matches FinBERT’s tokenizer ids for the sentence its SOURCE.md gives', () => {
    const ids = Array.from(
      q8.encode(['Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.']).input_ids.data as BigInt64Array,
      Number,
    );
    expect(ids.join(' ')).to.equal(
      '101 4082 5618 3123 2000 7327 2099 2410 1012 1015 24098 2013 7327 2099 1022 1012 1021 24098 1012 102',
    );
  });

  it('reproduces Python onnxruntime’s int8 logits to 1e-4 for the same input', async () => {
    for (const s of REF.sentences) {
      const [got] = await q8.logits(q8.encode([s.text]));
      got.forEach((v, j) => expect(v, s.text).to.be.closeTo(s.logits['onnx:model_quantized.onnx'][j], 1e-4));
    }
  });

  it('gives every sentence the same int8 logits in a padded batch as alone (no batch-mate effect)', async () => {
    // The shipped int8 model is statically quantized: activation scales are fixed, not computed per batch.
    const batch = await q8.logits(q8.encode(REF.sentences.map((s) => s.text)));
    batch.forEach((row, i) =>
      row.forEach((v, j) =>
        expect(v, REF.sentences[i].text).to.be.closeTo(REF.sentences[i].logits['onnx:model_quantized.onnx'][j], 1e-4),
      ),
    );
  });

  const agreement = `${INT8_MIN_ARGMAX_AGREEMENT * 100}%`;
  const bound = `within ${INT8_MAX_PROB_DIFF} (mean ${INT8_MEAN_PROB_DIFF}) probability of PyTorch fp32`;
  it(`keeps int8 ${bound}, agreeing on ≥${agreement} of labels`, async () => {
    let agree = 0;
    let total = 0;
    for (const s of REF.sentences) {
      const [got] = await q8.logits(q8.encode([s.text]));
      const p = softmax(got);
      const ref = softmax(s.logits.pytorch_fp32);
      const worst = Math.max(...p.map((v, j) => Math.abs(v - ref[j])));
      expect(worst, s.text).to.be.at.most(INT8_MAX_PROB_DIFF);
      total += worst;
      if (argmax(got) === argmax(s.logits.pytorch_fp32)) agree++;
    }
    expect(total / REF.sentences.length).to.be.at.most(INT8_MEAN_PROB_DIFF);
    expect(agree / REF.sentences.length).to.be.at.least(INT8_MIN_ARGMAX_AGREEMENT);
  });

  it('reproduces Python onnxruntime’s fp32 logits to 1e-4 in a padded batch (given fp32)', async function () {
    // fp32 is not committed; training/run_all.sh makes it.
    if (!existsSync(path.join(MODEL, 'onnx/model.onnx'))) this.skip();
    const fp32 = await loadSentimentModel({ name: MODEL, dtype: 'fp32' });
    const batch = await fp32.logits(fp32.encode(REF.sentences.map((s) => s.text)));
    batch.forEach((row, i) =>
      row.forEach((v, j) =>
        expect(v, REF.sentences[i].text).to.be.closeTo(REF.sentences[i].logits['onnx:model.onnx'][j], 1e-4),
      ),
    );
    await fp32.dispose();
  });
});
