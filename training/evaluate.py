"""Evaluate the exported ONNX files (fp32 and int8) with Python onnxruntime on the benchmark test sets.

Test data is only read here, never in training. Example:
    python evaluate.py --model ../models/finsent-minilm-sentiment --data ../../shared/data --out out/eval.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from transformers import AutoTokenizer

import data as D
from export import run_batch


def predict(session, tok, texts, max_len=64, batch=64):
    out = []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for b in range(0, len(order), batch):
        idx = order[b:b + batch]
        logits = run_batch(session, tok, [texts[i] for i in idx], max_len)
        out += list(zip(idx, logits))
    out.sort(key=lambda x: x[0])
    return np.stack([l for _, l in out])


def metrics(gold, pred):
    return {"n": len(gold), "accuracy": accuracy_score(gold, pred), "macro_f1": f1_score(gold, pred, average="macro"),
            "weighted_f1": f1_score(gold, pred, average="weighted"),
            "confusion": {"labels": D.LABELS, "matrix": confusion_matrix(gold, pred, labels=D.LABELS).tolist()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=Path("../models/finsent-minilm-sentiment"))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("out/eval.json"))
    a = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(str(a.model))
    id2label = {int(k): v for k, v in json.loads((a.model / "config.json").read_text())["id2label"].items()}
    fpb = D.read_fpb(a.data / "financial-phrasebank" / "Sentences_50Agree.txt")
    test = [fpb[i] for i in D.fpb_split(len(fpb))["test"]]
    allagree = {t for t, _ in D.read_fpb(a.data / "financial-phrasebank" / "Sentences_AllAgree.txt")}
    sets = {"fpb": test, "fpb-allagree": [r for r in test if r[0] in allagree],
            "tfns": D.read_tfns(a.data / "twitter-financial-news-sentiment" / "sent_valid.csv")}
    results = {}
    for f in ("model.onnx", "model_quantized.onnx"):
        path = a.model / "onnx" / f
        if not path.exists():
            continue
        s = ort.InferenceSession(str(path))
        results[f] = {}
        for name, rows in sets.items():
            logits = predict(s, tok, [t for t, _ in rows])
            results[f][name] = metrics([l for _, l in rows], [id2label[int(i)] for i in logits.argmax(-1)])
            print(f, name, {k: round(v, 4) for k, v in results[f][name].items() if isinstance(v, float)}, flush=True)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
