"""Where an ONNX file's CPU time goes: onnxruntime's own profile, summed by operator type.

Runs FPB 50Agree sentences (the first --texts, length-sorted batches of 32, after two warm-up batches) through the
file on --threads threads with `SessionOptions.enable_profiling`, then prints sentences per second and each op
type's share of the kernel time. docs/benchmarks.md's profiles of the int8 graphs come from this command:

    .venv/bin/python profile_ops.py ../models/finsent-minilm-sentiment/onnx/model_quantized.onnx \
        --data ../../shared/data
"""
from __future__ import annotations

import argparse
import collections
import json
import tempfile
import time
from pathlib import Path

import onnxruntime as ort
from transformers import AutoTokenizer

import data as D
from export import run_batch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("onnx", type=Path)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--tokenizer", type=Path, default=Path("../models/finsent-minilm-sentiment"))
    ap.add_argument("--texts", type=int, default=640)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    tok = AutoTokenizer.from_pretrained(str(a.tokenizer))
    texts = sorted((t for t, _ in D.read_fpb(a.data / "financial-phrasebank" / "Sentences_50Agree.txt")[:a.texts]),
                   key=len)
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.enable_profiling = True
    profile_dir = tempfile.TemporaryDirectory()
    so.profile_file_prefix = str(Path(profile_dir.name) / "profile")
    s = ort.InferenceSession(str(a.onnx), so)
    batches = [texts[i:i + 32] for i in range(0, len(texts), 32)]
    for b in batches[:2]:
        run_batch(s, tok, b)
    t0 = time.perf_counter()
    for b in batches:
        run_batch(s, tok, b)
    rate = len(texts) / (time.perf_counter() - t0)
    by_op: collections.Counter[str] = collections.Counter()
    for e in json.loads(Path(s.end_profiling()).read_text()):
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            by_op[e["args"]["op_name"]] += e["dur"]
    profile_dir.cleanup()
    total = sum(by_op.values())
    print(json.dumps({"sentences_per_s": round(rate, 1),
                      "share": {op: round(us / total, 3) for op, us in by_op.most_common()}}))


if __name__ == "__main__":
    main()
