"""Export the fine-tuned checkpoint to an HF-format folder that Transformers.js loads offline.

Writes config.json (id2label), tokenizer files, onnx/model.onnx (fp32) and onnx/model_quantized.onnx
(int8, the scheme quantize.py names as default), plus versions and hashes in export_meta.json.
Example:
    python export.py --checkpoint out/hf --out ../models/finsent-minilm-sentiment
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from onnxruntime.quantization import CalibrationDataReader
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import data as D
from quantize import DEFAULT_SCHEME, SCHEMES, describe, quantize

INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


class Calibration(CalibrationDataReader):
    """Batches of training sentences (never test) for the static activation ranges."""

    def __init__(self, tok, texts, batch=16):
        self.tok, self.texts, self.batch, self.pos = tok, texts, batch, 0

    def get_next(self):
        if self.pos >= len(self.texts):
            return None
        e = self.tok(self.texts[self.pos:self.pos + self.batch], padding=True, truncation=True, max_length=64, return_tensors="np")
        self.pos += self.batch
        return {k: e[k].astype(np.int64) for k in INPUTS if k in e}


def calibration_texts(root: Path, n: int = 256) -> list[str]:
    fpb = D.read_fpb(root / "financial-phrasebank" / "Sentences_50Agree.txt")
    train_idx = D.fpb_split(len(fpb))["train"]
    tfns_train, _ = D.tfns_train_valid(root / "twitter-financial-news-sentiment" / "sent_train.csv")
    return [fpb[i][0] for i in train_idx[:n]] + [t for t, _ in tfns_train[:n]]


def matmul_weight_abs_max(q8: Path) -> int:
    """Largest |int8| in the quantized MatMul weights: at most 64 means AVX2's int16 pair sums cannot saturate."""
    import onnx
    from onnx import TensorProto, numpy_helper

    m = onnx.load(str(q8))
    int8_ops = ("QLinearMatMul", "MatMulInteger", "MatMulIntegerToFloat", "DequantizeLinear")
    weights = {i for n in m.graph.node if n.op_type in int8_ops for i in n.input}
    return max(int(np.abs(numpy_helper.to_array(t).astype(np.int32)).max()) for t in m.graph.initializer
               if t.name in weights and t.data_type == TensorProto.INT8 and len(t.dims) == 2)


def run_batch(session, tok, texts: list[str], max_len: int = 64) -> np.ndarray:
    """Logits for one padded batch, feeding only the inputs the graph has (MPNet takes no token_type_ids)."""
    e = tok(texts, padding=True, truncation=True, max_length=max_len, return_tensors="np")
    return session.run(None, {i.name: e[i.name].astype(np.int64) for i in session.get_inputs()})[0]


def int8_label_agreement(fp32: Path, q8: Path, tok, texts: list[str]) -> float:
    """Share of (training) texts on which the int8 file picks the fp32 file's label: a broken quantization shows."""
    labels = []
    for f in (fp32, q8):
        s = ort.InferenceSession(str(f))
        labels.append(np.concatenate([run_batch(s, tok, texts[b:b + 32]).argmax(-1)
                                      for b in range(0, len(texts), 32)]))
    return float((labels[0] == labels[1]).mean())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, default=Path("out/hf"))
    ap.add_argument("--out", type=Path, default=Path("../models/finsent-minilm-sentiment"))
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--data", type=Path, required=True, help="shared datasets (training rows calibrate the int8 model)")
    ap.add_argument("--scheme", choices=sorted(SCHEMES), default=DEFAULT_SCHEME, help="int8 scheme (quantize.py)")
    a = ap.parse_args()
    (a.out / "onnx").mkdir(parents=True, exist_ok=True)
    # Eager attention traces to plain ops that every onnxruntime build runs the same way.
    model = AutoModelForSequenceClassification.from_pretrained(str(a.checkpoint), attn_implementation="eager").eval()
    tok = AutoTokenizer.from_pretrained(str(a.checkpoint))
    # MPNet (the teacher) takes no token_type_ids.
    inputs = INPUTS if model.config.model_type == "bert" else INPUTS[:2]
    enc = tok(["a short one", "a somewhat longer sentence to make the batch ragged and padded"], padding=True, return_tensors="pt")
    fp32 = a.out / "onnx" / "model.onnx"
    torch.onnx.export(model, tuple(enc[k] for k in inputs), str(fp32), input_names=inputs, output_names=["logits"],
                      dynamic_axes={**{k: {0: "batch", 1: "sequence"} for k in inputs}, "logits": {0: "batch"}},
                      opset_version=a.opset, dynamo=False)
    q8 = a.out / "onnx" / "model_quantized.onnx"
    # Static int8 keeps a sentence's score independent of its batch-mates; quantize.py says why 7-bit weights.
    quantize(fp32, q8, a.scheme, Calibration(tok, calibration_texts(a.data)))
    # A ragged, padded batch must give the same logits as PyTorch, or the trace baked in a shape.
    enc = tok(["Operating profit rose to EUR 13.1 mn from EUR 8.7 mn.", "Shares fell.", "The company said nothing new today about its outlook for the year"],
              padding=True, return_tensors="np")
    ort_logits = ort.InferenceSession(str(fp32)).run(None, {k: enc[k].astype(np.int64) for k in inputs})[0]
    with torch.no_grad():
        pt_logits = model(**{k: torch.tensor(enc[k]) for k in inputs}).logits.numpy()
    diff = float(np.abs(ort_logits - pt_logits).max())
    assert diff < 1e-4, f"ONNX fp32 export differs from PyTorch by {diff}"
    model.config.save_pretrained(a.out)
    tok.save_pretrained(a.out)
    for extra in ("training_meta.json",):
        if (a.checkpoint / extra).exists():
            shutil.copy(a.checkpoint / extra, a.out / extra)
    meta = {"opset": a.opset, "quantization": describe(a.scheme), "scheme": a.scheme,
            "int8_matmul_weight_abs_max": matmul_weight_abs_max(q8), "fp32_max_abs_diff_vs_pytorch": diff,
            "files": {p.name: {"bytes": p.stat().st_size, "sha256": sha256(p)} for p in (fp32, q8)},
            "versions": {"torch": torch.__version__, "onnxruntime": ort.__version__,
                         "transformers": __import__("transformers").__version__, "onnx": __import__("onnx").__version__}}
    agreement = int8_label_agreement(fp32, q8, tok, calibration_texts(a.data)[::4])
    meta["int8_fp32_label_agreement_on_calibration_texts"] = agreement
    (a.out / "export_meta.json").write_text(json.dumps(meta, indent=2))
    print(json.dumps(meta, indent=2))
    if agreement < 0.9:
        # Seen with all-mpnet-base-v2 and the static schemes: the int8 file predicted one class for everything.
        raise SystemExit(f"int8 ({a.scheme}) agrees with fp32 on only {agreement:.0%} of calibration texts; "
                         "try --scheme dynamic-u8s8 or use the fp32 file (--dtype fp32)")


if __name__ == "__main__":
    main()
