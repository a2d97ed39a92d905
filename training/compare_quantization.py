"""Compare int8 quantization methods for an exported model on validation data (never test):
dynamic (activation scale per batch) vs static (calibrated on training sentences), by FPB-validation and
TFNS-validation accuracy and by how far a sentence's logits move when it is scored inside a padded batch.
Example:
    python compare_quantization.py --model ../models/finsent-minilm-sentiment --data ../../shared/data
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoTokenizer

import data as D
from export import INPUTS


def run(s, tok, texts):
    e = tok(texts, padding=True, truncation=True, max_length=64, return_tensors="np")
    return s.run(None, {k: e[k].astype(np.int64) for k in INPUTS})[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--data", type=Path, required=True)
    a = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(str(a.model))
    fpb = D.read_fpb(a.data / "financial-phrasebank" / "Sentences_50Agree.txt")
    fpb_va = [fpb[i] for i in D.fpb_split(len(fpb))["valid"]]
    _, tfns_va = D.tfns_train_valid(a.data / "twitter-financial-news-sentiment" / "sent_train.csv")
    dyn = Path(tempfile.mkdtemp()) / "dynamic.onnx"
    quantize_dynamic(str(a.model / "onnx" / "model.onnx"), str(dyn), weight_type=QuantType.QInt8, per_channel=True)
    files = {"fp32": a.model / "onnx" / "model.onnx", "int8 dynamic": dyn, "int8 static (shipped)": a.model / "onnx" / "model_quantized.onnx"}
    out = {}
    for name, f in files.items():
        s = ort.InferenceSession(str(f))
        acc = {}
        for ds, rows in (("fpb_valid", fpb_va), ("tfns_valid", tfns_va)):
            preds = np.concatenate([run(s, tok, [t for t, _ in rows[b:b + 32]]) for b in range(0, len(rows), 32)]).argmax(-1)
            acc[ds] = float(np.mean([D.LABELS[p] == l for p, (_, l) in zip(preds, rows)]))
        texts = [t for t, _ in fpb_va[:64]]
        single = np.stack([run(s, tok, [t])[0] for t in texts])
        out[name] = {**acc, "max_logit_shift_in_batch_of_64": float(np.abs(single - run(s, tok, texts)).max())}
        print(name, json.dumps(out[name]), flush=True)


if __name__ == "__main__":
    main()
