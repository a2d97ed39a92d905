"""Write reference outputs that the TypeScript scoring tests compare against.

For a fixed set of sentences (FPB test sentences, TFNS tweets, a long article paragraph, edge cases):
the token ids from the Python tokenizer (max_length 64, truncated), the logits Python onnxruntime gives
for each ONNX file, and the PyTorch fp32 logits, so the int8 model's deviation is on record.
Example:
    python reference.py --checkpoint out/hf --model ../models/finsent-minilm-sentiment --data ../../shared/data \
        --out ../test/fixtures/model-reference.json
With no checkpoint at hand (only the int8 file changed, e.g. by float_outputs.py), `--pytorch-from` takes the
PyTorch fp32 (and fp32 ONNX) logits from an earlier reference file of the same trained model:
    python reference.py --pytorch-from ../test/fixtures/model-reference.json \
        --model ../models/finsent-minilm-sentiment --data ../../shared/data --out ../test/fixtures/model-reference.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from transformers import AutoTokenizer, BertForSequenceClassification

import data as D
from drift import drift

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
ARTICLE = ("WASHINGTON (Reuters) - The U.S. Federal Reserve raised interest rates on Wednesday and signaled a faster "
           "pace of increases in 2017 as central bankers adapted to the incoming Trump administration's promises of tax "
           "cuts, spending and deregulation. The Fed's policy-setting committee raised the range of its benchmark "
           "overnight lending rate by a quarter of a percentage point to between 0.50 and 0.75 percent.")
EDGE = ["$AAPL to the moon 🚀🚀", "Q3 EPS $1.23 vs. est. $1.10; rev. +12% y/y", "Nokia's net sales fell 8 % to EUR 2.3 bn.",
        "RT AT_USER $ aapl is going down hard URL", "Ünïcödé façade — naïve café ™", "ok"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, default=Path("out/hf"))
    ap.add_argument("--model", type=Path, default=Path("../models/finsent-minilm-sentiment"))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("../test/fixtures/model-reference.json"))
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--pytorch-from", type=Path, help="reuse this reference file's fp32 logits (no checkpoint needed)")
    a = ap.parse_args()
    fpb = D.read_fpb(a.data / "financial-phrasebank" / "Sentences_50Agree.txt")
    test_idx = D.fpb_split(len(fpb))["test"]
    tfns = D.read_tfns(a.data / "twitter-financial-news-sentiment" / "sent_valid.csv")
    texts = [fpb[i][0] for i in test_idx[:30]] + [t for t, _ in tfns[:15]] + [ARTICLE] + EDGE
    tok = AutoTokenizer.from_pretrained(str(a.model))
    earlier = {}
    if a.pytorch_from:
        earlier = {r["text"]: r["logits"] for r in json.loads(a.pytorch_from.read_text())["sentences"]}
        missing = [t for t in texts if t not in earlier]
        if missing:
            raise SystemExit(f"{a.pytorch_from} lacks {len(missing)} of the reference texts, e.g. {missing[0]!r}")
    else:
        torch_model = BertForSequenceClassification.from_pretrained(str(a.checkpoint),
                                                                    attn_implementation="eager").eval()
    sessions = {f: ort.InferenceSession(str(a.model / "onnx" / f)) for f in ("model.onnx", "model_quantized.onnx")
                if (a.model / "onnx" / f).exists()}
    rows = []
    for text in texts:
        enc = tok([text], truncation=True, max_length=a.max_len, return_tensors="np")
        feeds = {k: enc[k].astype(np.int64) for k in INPUTS}
        if a.pytorch_from:
            kept = {k: v for k, v in earlier[text].items() if k in ("pytorch_fp32", "onnx:model.onnx")}
            row = {"text": text, "input_ids": enc["input_ids"][0].tolist(), "logits": kept}
        else:
            with torch.no_grad():
                pt = torch_model(**{k: torch.tensor(v) for k, v in feeds.items()}).logits.numpy()[0]
            row = {"text": text, "input_ids": enc["input_ids"][0].tolist(), "logits": {"pytorch_fp32": pt.tolist()}}
        for f, s in sessions.items():
            row["logits"][f"onnx:{f}"] = s.run(None, feeds)[0][0].tolist()
        rows.append(row)
    q8 = np.array([r["logits"].get("onnx:model_quantized.onnx", r["logits"]["pytorch_fp32"]) for r in rows])
    pt = np.array([r["logits"]["pytorch_fp32"] for r in rows])
    d = drift(q8, pt)
    summary = {"max_abs_logit_diff_q8_vs_pytorch": d["max_abs_logit_diff"],
               "max_abs_prob_diff_q8_vs_pytorch": d["max_prob_diff"],
               "argmax_agreement_q8_vs_pytorch": d["argmax_agreement"]}
    out = {"max_length": a.max_len, "labels": json.loads((a.model / "config.json").read_text())["id2label"],
           "summary": summary, "sentences": rows,
           "versions": {"onnxruntime": ort.__version__, "transformers": __import__("transformers").__version__, "torch": torch.__version__}}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
