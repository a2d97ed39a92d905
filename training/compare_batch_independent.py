"""Batch-independent alternatives to the shipped static int8 scheme, measured against it and fp32.

Static int8 was chosen because a document's score must not depend on its batch-mates. Two other schemes have
that property by construction:
- weight-only int8/int4 (onnxruntime's MatMulNBits): at accuracy level 4 the kernel quantizes activations per
  row and block;
- dynamic int8 with a per-row scale: quantize_dynamic's graph (7-bit weights), with each DynamicQuantizeLinear,
  whose scale spans the whole batch, replaced by a symmetric scale per row (max |x| over the last axis).
For each: validation accuracy, the largest logit shift inside a padded batch of 64 and sentences per second
(2 threads, length-sorted batches of 32), as compare_quantization.py measures, plus per-tensor dynamic int8 for
reference (fast, but batch-dependent).
Example:
    python compare_batch_independent.py --model ../models/finsent-minilm-sentiment --data ../../shared/data \
        --work out/quant --tag avx512vnni
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic
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


def per_row_dynamic(fp32: Path, out: Path) -> None:
    """quantize_dynamic's graph with a per-row symmetric activation scale (uint8, zero point 128)."""
    tmp = out.with_suffix(".per-tensor.onnx")
    quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
    m = onnx.load(str(tmp))
    if next(o.version for o in m.opset_import if o.domain in ("", "ai.onnx")) >= 18:
        raise SystemExit("per_row_dynamic writes ReduceMax with an axes attribute, which opset 18 moved to an input")
    g = m.graph
    consts = {"pr_eps": np.float32(1e-8), "pr_127": np.float32(127), "pr_128": np.float32(128),
              "pr_0": np.float32(0), "pr_255": np.float32(255), "pr_zp": np.uint8(128)}
    g.initializer.extend(numpy_helper.from_array(np.array(v), k) for k, v in consts.items())
    nodes = []
    for n in g.node:
        if n.op_type != "DynamicQuantizeLinear":
            nodes.append(n)
            continue
        x, (xq, scale, zp), p = n.input[0], n.output, n.name
        nodes += [
            helper.make_node("Abs", [x], [p + "_abs"]),
            helper.make_node("ReduceMax", [p + "_abs"], [p + "_max"], axes=[-1], keepdims=1),
            helper.make_node("Max", [p + "_max", "pr_eps"], [p + "_max_eps"]),
            helper.make_node("Div", [p + "_max_eps", "pr_127"], [scale]),
            helper.make_node("Div", [x, scale], [p + "_scaled"]),
            helper.make_node("Round", [p + "_scaled"], [p + "_round"]),
            helper.make_node("Add", [p + "_round", "pr_128"], [p + "_shift"]),
            helper.make_node("Clip", [p + "_shift", "pr_0", "pr_255"], [p + "_clip"]),
            helper.make_node("Cast", [p + "_clip"], [xq], to=TensorProto.UINT8),
            helper.make_node("Identity", ["pr_zp"], [zp]),
        ]
    del g.node[:]
    g.node.extend(nodes)
    onnx.save(m, str(out))
    tmp.unlink()


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
    files["dynamic-u8s8"] = a.work / "dynamic-u8s8.onnx"
    if not files["dynamic-u8s8"].exists():
        quantize(fp32, files["dynamic-u8s8"], "dynamic-u8s8", None)
    files["dynamic-per-row-u8s8-rr"] = a.work / "dynamic-per-row-u8s8-rr.onnx"
    if not files["dynamic-per-row-u8s8-rr"].exists():
        per_row_dynamic(fp32, files["dynamic-per-row-u8s8-rr"])
    fpb_va, tfns_va = validation_sets(a.data)
    out = {}
    for name, f in files.items():
        row = {"bytes": f.stat().st_size, **measure(session(f, 2), tok, fpb_va, tfns_va)}
        out[name] = row
        print(name, json.dumps(row), flush=True)
    (a.work / f"results-batch-independent-{a.tag}.json").write_text(json.dumps({"tag": a.tag, "ort": ort.__version__,
                                                                          **out}))


if __name__ == "__main__":
    main()
