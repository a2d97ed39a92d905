"""Weight-only int8/int4 (onnxruntime's MatMulNBits) against the shipped static int8 scheme and fp32.

MatMulNBits at accuracy level 4 quantizes activations per row and block inside the kernel, so a document's
score cannot depend on its batch-mates, which is the property static int8 was chosen for. This measures
whether it is also faster: validation accuracy, the largest logit shift inside a padded batch of 64 and
sentences per second (2 threads, length-sorted batches of 32), as compare_quantization.py does.
Example:
    python compare_weight_only.py --model ../models/finsent-minilm-sentiment --data ../../shared/data \
        --work out/quant --tag avx512vnni
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import onnx
import onnxruntime as ort
from onnxruntime.quantization import matmul_nbits_quantizer as nbits
from transformers import AutoTokenizer

from compare_quantization import measure, session, validation_sets
from export import Calibration, calibration_texts
from quantize import DEFAULT_SCHEME, quantize

VARIANTS = [(bits, block) for bits in (8, 4) for block in (32, 128)]


def weight_only(fp32: Path, out: Path, bits: int, block: int) -> None:
    q = nbits.MatMulNBitsQuantizer(onnx.load(str(fp32)), bits=bits, block_size=block, is_symmetric=True,
                                   accuracy_level=4)
    q.process()
    q.model.save_model_to_file(str(out), use_external_data_format=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True, help="exported folder holding onnx/model.onnx (fp32)")
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=Path("out/quant"))
    ap.add_argument("--tag", required=True, help="names the CPU in the results file")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(str(a.model))
    fp32 = a.model / "onnx" / "model.onnx"
    files = {"fp32": fp32, DEFAULT_SCHEME: a.work / f"{DEFAULT_SCHEME}.onnx"}
    if not files[DEFAULT_SCHEME].exists():
        quantize(fp32, files[DEFAULT_SCHEME], DEFAULT_SCHEME, Calibration(tok, calibration_texts(a.data)))
    for bits, block in VARIANTS:
        name = f"matmulnbits-{bits}bit-block{block}"
        files[name] = a.work / f"{name}.onnx"
        if not files[name].exists():
            weight_only(fp32, files[name], bits, block)
    fpb_va, tfns_va = validation_sets(a.data)
    out = {}
    for name, f in files.items():
        row = {"bytes": f.stat().st_size, **measure(session(f, 2), tok, fpb_va, tfns_va)}
        out[name] = row
        print(name, json.dumps(row), flush=True)
    (a.work / f"results-weight-only-{a.tag}.json").write_text(json.dumps({"tag": a.tag, "ort": ort.__version__,
                                                                          **out}))


if __name__ == "__main__":
    main()
