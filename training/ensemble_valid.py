"""Validation accuracy of each teacher and of the mean of their logits (what distill.py learns from).

The same validation sets as train.py and distill.py (FPB validation, the TFNS hold-out); never a test split.

Example:
    python ensemble_valid.py --data ../../shared/data --teacher out/teacher/epoch-1 --teacher out/teacher/epoch-2
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import accuracy_score, f1_score
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import data as D
import train as T


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True, help="folder holding the shared datasets")
    p.add_argument("--teacher", type=Path, required=True, action="append", help="a fine-tuned model; repeat it")
    p.add_argument("--max-len", type=int, default=64)
    return p.parse_args()


def logits_of(folder: Path, texts: list[str], max_len: int) -> np.ndarray:
    tok = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForSequenceClassification.from_pretrained(str(folder)).eval()
    out = []
    with torch.no_grad():
        for b in range(0, len(texts), 64):
            enc = tok(texts[b:b + 64], truncation=True, max_length=max_len, padding=True, return_tensors="pt")
            out.append(model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits.numpy())
    return np.concatenate(out)


def scores(gold: list[int], logits: np.ndarray) -> dict:
    pred = logits.argmax(-1).tolist()
    return {"accuracy": accuracy_score(gold, pred), "macro_f1": f1_score(gold, pred, average="macro")}


def main():
    a = parse_args()
    _, valid, _, _ = T.build_data(a.data, {"fpb", "tfns"})
    label2id = {l: i for i, l in enumerate(D.LABELS)}
    report = {}
    for name, rows in valid.items():
        gold = [label2id[l] for _, l in rows]
        per = [logits_of(t, [x for x, _ in rows], a.max_len) for t in a.teacher]
        report[name] = {**{str(t): scores(gold, l) for t, l in zip(a.teacher, per)},
                        "mean of logits": scores(gold, np.mean(per, axis=0))}
    for who in [*map(str, a.teacher), "mean of logits"]:
        report.setdefault("mean_accuracy", {})[who] = float(np.mean([report[k][who]["accuracy"] for k in valid]))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
