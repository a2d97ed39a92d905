"""Compare the int8 schemes of quantize.py (and fp32) for an exported model, on validation data only.

For each scheme: FPB-validation and TFNS-validation accuracy, how far a sentence's logits move inside a padded
batch of 64 (batch-mate effect), sentences per second (2 threads, length-sorted batches of 32 over both
validation sets), and the logits of the reference sentences (test/fixtures/model-reference.json), so the same
command run on another CPU, or under `qemu-x86_64 -cpu EPYC-Rome` (AVX2, no AVX-512), shows whether the int8
arithmetic depends on the instruction set.
Example:
    python compare_quantization.py --model ../models/finsent-minilm-sentiment --data ../../shared/data \
        --work out/quant --tag avx512vnni
    qemu-x86_64 -cpu EPYC-Rome .venv/bin/python compare_quantization.py ... --tag avx2-emulated --logits-only \
        --against out/quant/results-avx512vnni.json
Without the fp32 export (it is not committed), `--file NAME=PATH` measures int8 files that already exist instead,
e.g. the shipped file before and after float_outputs.py:
    python compare_quantization.py --model ../models/finsent-minilm-sentiment --data ../../shared/data --tag x \
        --file static-qop-u8s8-rr=out/quant/qop.onnx --file static-float-out-u8s8-rr=out/quant/float-out.onnx
Every row also says how far the file's logits for the reference sentences are from the PyTorch fp32 ones that
test/fixtures/model-reference.json records.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from transformers import AutoTokenizer

import data as D
from drift import drift
from export import Calibration, calibration_texts, run_batch
from quantize import BATCH_INDEPENDENT, SCHEMES, quantize

REFERENCE = Path(__file__).parent.parent / "test" / "fixtures" / "model-reference.json"


def session(path: Path, threads: int) -> ort.InferenceSession:
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), so)


def run(s, tok, texts):
    return run_batch(s, tok, texts)


def reference_logits(s, tok) -> list[list[float]]:
    texts = [r["text"] for r in json.loads(REFERENCE.read_text())["sentences"]]
    return [run(s, tok, [t])[0].tolist() for t in texts]


def distance_to_pytorch(logits: list[list[float]]) -> dict:
    """The reference sentences' drift from the trained model's PyTorch fp32 logits (the parity tests' measure)."""
    pt = np.array([r["logits"]["pytorch_fp32"] for r in json.loads(REFERENCE.read_text())["sentences"]])
    return {f"{k}_vs_pytorch": v for k, v in drift(np.array(logits), pt).items()}


def throughput(s, tok, texts, repeats=2) -> float:
    ordered = sorted(texts, key=len)
    chunks = [ordered[b:b + 32] for b in range(0, len(ordered), 32)]
    run(s, tok, chunks[len(chunks) // 2])
    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        for c in chunks:
            run(s, tok, c)
        best = max(best, len(texts) / (time.perf_counter() - t0))
    return best


def validation_sets(data: Path):
    fpb = D.read_fpb(data / "financial-phrasebank" / "Sentences_50Agree.txt")
    _, tfns_va = D.tfns_train_valid(data / "twitter-financial-news-sentiment" / "sent_train.csv")
    return [fpb[i] for i in D.fpb_split(len(fpb))["valid"]], tfns_va


def measure(s, tok, fpb_va, tfns_va) -> dict:
    """Validation accuracy per set, the largest logit shift inside a padded batch of 64, sentences per second, and
    the validation logits themselves (`_valid_logits`, for comparing files; not written out)."""
    row: dict = {"_valid_logits": []}
    for ds, rows in (("fpb_valid", fpb_va), ("tfns_valid", tfns_va)):
        logits = np.concatenate([run(s, tok, [t for t, _ in rows[b:b + 32]]) for b in range(0, len(rows), 32)])
        row["_valid_logits"].append(logits)
        row[ds] = float(np.mean([D.LABELS[p] == l for p, (_, l) in zip(logits.argmax(-1), rows)]))
    texts = [t for t, _ in fpb_va[:64]]
    single = np.stack([run(s, tok, [t])[0] for t in texts])
    row["max_logit_shift_in_batch_of_64"] = float(np.abs(single - run(s, tok, texts)).max())
    row["sentences_per_s"] = throughput(s, tok, [t for t, _ in fpb_va + tfns_va])
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="exported folder holding onnx/model.onnx (fp32)")
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=Path("out/quant"), help="where the int8 variants are built")
    ap.add_argument("--tag", required=True, help="names the CPU in the results file, e.g. avx512vnni, avx2")
    ap.add_argument("--logits-only", action="store_true", help="only the reference logits (fast under emulation)")
    ap.add_argument("--against", type=Path, help="a results file from another CPU to diff the logits against")
    ap.add_argument("--file", action="append", default=[], metavar="NAME=PATH",
                    help="measure this existing ONNX file instead of building the schemes from fp32 (repeatable)")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(str(a.model))
    files = {name: Path(path) for name, path in (f.split("=", 1) for f in a.file)}
    if not files:
        files = {"fp32": a.model / "onnx" / "model.onnx"}
        for name in SCHEMES:
            files[name] = a.work / f"{name}.onnx"
            if not files[name].exists():
                quantize(files["fp32"], files[name], name, Calibration(tok, calibration_texts(a.data)))
    fpb_va, tfns_va = validation_sets(a.data)
    other = json.loads(a.against.read_text()) if a.against else None
    out = {}
    first_valid_logits = None
    for name, f in files.items():
        s = session(f, 2)
        row = {"logits": reference_logits(s, tok), "bytes": f.stat().st_size}
        row.update(distance_to_pytorch(row["logits"]))
        if other:
            row["max_abs_logit_diff_vs_other_cpu"] = float(np.abs(np.array(row["logits"]) -
                                                                  np.array(other[name]["logits"])).max())
        if not a.logits_only:
            row.update(measure(s, tok, fpb_va, tfns_va))
            valid_logits = np.concatenate(row.pop("_valid_logits"))
            if first_valid_logits is None:
                first_valid_logits = valid_logits
            # Validation logits (batches of 32) against the first file's: 0 means the same scores, sentence by sentence.
            row["max_abs_valid_logit_diff_vs_first_file"] = float(np.abs(valid_logits - first_valid_logits).max())
            row["batch_independent_by_design"] = name == "fp32" or name in BATCH_INDEPENDENT
        out[name] = row
        print(name, json.dumps({k: v for k, v in row.items() if k != "logits"}), flush=True)
    (a.work / f"results-{a.tag}.json").write_text(json.dumps({"tag": a.tag, "ort": ort.__version__, **out}))


if __name__ == "__main__":
    main()
