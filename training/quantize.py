"""The int8 schemes finsent can ship, in one place, so export.py and compare_quantization.py build the same files.

Why the default is `static-qop-u8s8-rr` (static, QOperator, uint8 activations, int8 per-channel weights
quantized to 7 bits, "reduce_range"): without VNNI, onnxruntime's u8 x s8 kernel multiplies with vpmaddubsw, which
adds two u8*s8 products into a saturating int16. With 8-bit weights the pair can reach 2 * 255 * 127 = 64,770 and
clips, so an AVX2-only CPU computed different logits (by up to 1.6) from a VNNI or AMX CPU, where the int32
accumulation is exact. With 7-bit weights the pair stays within 2 * 255 * 64 = 32,640, the integer arithmetic is
exact on every x86 kernel, and only float rounding is left to differ. Static activation ranges keep a document's
score independent of its batch-mates. The transformer optimizer's fused graph (Attention, SkipLayerNormalization)
is not offered: onnxruntime 1.32's quantize_static fails on it (AttributeError in its MatMul quantizer), and fp32
fused was no faster on the AVX2 machine (issue 12). The measured comparison is in docs/benchmarks.md (compare_quantization.py).

Since 2026-12-04 the default is `static-float-out-u8s8-rr`: the same quantization, then float_outputs.py gives the
weight MatMuls float outputs (MatMulIntegerToFloat) instead of rounding their sums back to uint8. Same weights, same
static activation scales, so the two properties above hold; it is closer to fp32 and faster (docs/benchmarks.md).
cls_last_layer.py then runs a BERT graph's last layer for [CLS] only, the one state the classifier reads (same
logits, a seventh fewer multiply-adds).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                      quantize_dynamic, quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process

from cls_last_layer import NotABertGraph
from cls_last_layer import rewrite_file as cls_rewrite_file
from float_outputs import rewrite_file
from rewrite_meta import REWRITTEN_SCHEME

DEFAULT_SCHEME = REWRITTEN_SCHEME

# Quantizing the residual adds, scalings and softmax as well (fewer int8/float round trips) was measured too and
# lost 16 points of validation accuracy for 1% speed (docs/benchmarks.md), so only these are quantized.
MATMULS = ["MatMul", "Gather"]
# name -> (static?, format, weight type, reduce_range, op types)
SCHEMES = {
    "static-qop-u8s8": (True, QuantFormat.QOperator, QuantType.QInt8, False, MATMULS),
    "static-qop-u8s8-rr": (True, QuantFormat.QOperator, QuantType.QInt8, True, MATMULS),
    REWRITTEN_SCHEME: (True, QuantFormat.QOperator, QuantType.QInt8, True, MATMULS),
    "static-qdq-u8s8-rr": (True, QuantFormat.QDQ, QuantType.QInt8, True, MATMULS),
    "static-qop-u8u8": (True, QuantFormat.QOperator, QuantType.QUInt8, False, MATMULS),
    "dynamic-u8s8": (False, None, QuantType.QInt8, False, ["MatMul"]),
}
# Schemes whose weight MatMuls then get float outputs (float_outputs.py).
FLOAT_OUTPUTS = {REWRITTEN_SCHEME}
BATCH_INDEPENDENT = {name for name, (static, *_rest) in SCHEMES.items() if static}


def quantize(fp32: Path, out: Path, scheme: str, calibration: CalibrationDataReader | None) -> None:
    static, fmt, weight_type, reduce_range, ops = SCHEMES[scheme]
    if not static:
        quantize_dynamic(str(fp32), str(out), weight_type=weight_type, per_channel=True, reduce_range=reduce_range)
        return
    if calibration is None:
        raise ValueError(f"scheme {scheme} needs calibration data")
    with tempfile.TemporaryDirectory() as tmp:
        pre = Path(tmp) / "model.pre.onnx"
        quant_pre_process(str(fp32), str(pre), skip_symbolic_shape=True)
        quantize_static(str(pre), str(out), calibration, quant_format=fmt, per_channel=True,
                        reduce_range=reduce_range, op_types_to_quantize=ops,
                        activation_type=QuantType.QUInt8, weight_type=weight_type,
                        calibrate_method=CalibrationMethod.MinMax)
    if scheme in FLOAT_OUTPUTS:
        rewrite_file(out, out)
        _cls_only_last_layer(out)


def _cls_only_last_layer(path: Path) -> None:
    """Trims a BERT graph's last layer to [CLS] (same logits, cls_last_layer.py); other graphs are left whole."""
    try:
        cls_rewrite_file(path, path)
    except NotABertGraph as e:
        print(f"{path}: last layer left whole ({e})")


def describe(scheme: str) -> str:
    static, fmt, weight_type, reduce_range, ops = SCHEMES[scheme]
    if not static:
        return "dynamic int8 (per-channel int8 weights, activation scale per batch tensor)"
    bits = "7-bit (reduce_range)" if reduce_range else "8-bit"
    outputs = ("; weight MatMuls with float outputs (MatMulIntegerToFloat); last layer for [CLS] only"
               if scheme in FLOAT_OUTPUTS else "")
    weights = "int8" if weight_type == QuantType.QInt8 else "uint8"
    return (f"static int8 ({fmt.name}, {'/'.join(ops)}; uint8 activations, per-channel {bits} {weights} weights, "
            f"MinMax calibration on 512 training sentences{outputs})")
