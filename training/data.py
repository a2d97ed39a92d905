"""Readers for the sentiment training data, each returning (text, label) rows with FinBERT's labels.

Labels are always the strings 'positive', 'negative', 'neutral'. Test splits are only ever read by
`evaluate.py`; `training_rows` refuses to touch them.
"""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

LABELS = ["positive", "negative", "neutral"]  # FinBERT's id order (ProsusAI/finbert config id2label)
TFNS_LABELS = {"0": "negative", "1": "positive", "2": "neutral"}  # Bearish, Bullish, Neutral
# SemEval/FiQA give a continuous score in [-1, 1]; the band below counts as neutral. Chosen a priori
# (0.1 is about a tenth of the scale) and documented in the model card; not tuned on any test data.
NEUTRAL_BAND = 0.1


def score_to_label(score: float) -> str:
    if score >= NEUTRAL_BAND:
        return "positive"
    if score <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def read_fpb(path: Path) -> list[tuple[str, str]]:
    """Financial PhraseBank: Latin-1, CRLF, `sentence@label`, split on the last '@'."""
    rows = []
    for line in path.read_bytes().decode("latin-1").split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        text, label = line.rsplit("@", 1)
        rows.append((text.strip(), label.strip()))
    return rows


def fpb_split(n_rows: int) -> dict[str, list[int]]:
    """FinBERT's protocol (ProsusAI/finBERT scripts/datasets.py): 20% test, then 10% of the rest for
    validation, both with random_state=0. The permutation depends only on the row count, so splitting
    row positions reproduces their split exactly."""
    idx = np.arange(n_rows)
    train, test = train_test_split(idx, test_size=0.2, random_state=0)
    train, valid = train_test_split(train, test_size=0.1, random_state=0)
    return {"train": sorted(int(i) for i in train), "valid": sorted(int(i) for i in valid),
            "test": sorted(int(i) for i in test)}


def read_tfns(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["text"], TFNS_LABELS[r["label"]]) for r in csv.DictReader(f)]


def tfns_train_valid(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """sent_valid.csv is the community's test set, so our validation is 10% of sent_train.csv."""
    rows = read_tfns(path)
    idx = np.arange(len(rows))
    tr, va = train_test_split(idx, test_size=0.1, random_state=0, stratify=[r[1] for r in rows])
    return [rows[i] for i in tr], [rows[i] for i in va]


def read_semeval_train(folder: Path) -> list[tuple[str, str]]:
    rows = []
    for item in json.loads((folder / "Headline_Trainingdata.json").read_text(encoding="utf-8")):
        rows.append((item["title"], score_to_label(float(item["sentiment"]))))
    for name, text_of in (("Microblog_Trainingdata-stocktwits_full.json", lambda r: (r.get("message") or {}).get("body")),
                          ("Microblog_Trainingdata-twitter_full.json", lambda r: r.get("text") or (r.get("message") or {}).get("text"))):
        for item in json.loads((folder / name).read_text(encoding="utf-8")):
            text = text_of(item)
            if text:
                rows.append((text, score_to_label(float(item["sentiment score"]))))
    return rows


def read_fiqa_train(folder: Path) -> list[tuple[str, str]]:
    rows = []
    for name in ("task1_headline_ABSA_train.json", "task1_post_ABSA_train.json"):
        for item in json.loads((folder / name).read_text(encoding="utf-8")).values():
            scores = [float(i["sentiment_score"]) for i in item["info"]]
            rows.append((item["sentence"], score_to_label(sum(scores) / len(scores))))
    return rows


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
