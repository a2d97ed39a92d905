"""A randomly initialised model with FinBERT's exact shape (BERT-base: 12 layers, 768 hidden, 109M parameters,
FinBERT's labels), exported like the shipped model, for throughput benchmarks only: its outputs mean nothing.
Real FinBERT weights cannot be downloaded here; online, `--model Xenova/finbert` loads them.
Example:
    python make_finbert_shaped.py --config ../../shared/models/finbert-tokenizer --data ../../shared/data --out out/finbert-shaped
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import torch
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

import data as D


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, required=True, help="folder with FinBERT's upstream-config.json and tokenizer")
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("out/finbert-shaped"))
    a = ap.parse_args()
    torch.manual_seed(0)
    up = json.loads((a.config / "upstream-config.json").read_text())
    cfg = BertConfig(**{k: up[k] for k in ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "max_position_embeddings", "vocab_size", "type_vocab_size")},
                     num_labels=3, id2label=dict(enumerate(D.LABELS)), label2id={l: i for i, l in enumerate(D.LABELS)})
    ckpt = a.out / "checkpoint"
    BertForSequenceClassification(cfg).save_pretrained(ckpt)
    AutoTokenizer.from_pretrained(str(a.config)).save_pretrained(ckpt)
    subprocess.run([sys.executable, "export.py", "--checkpoint", str(ckpt), "--out", str(a.out / "model"), "--data", str(a.data)], check=True)
    shutil.rmtree(ckpt)


if __name__ == "__main__":
    main()
