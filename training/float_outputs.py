"""Give a static QOperator int8 graph's weight MatMuls float outputs (com.microsoft MatMulIntegerToFloat).

Why: onnxruntime's static QOperator graph runs each weight MatMul as QLinearMatMul, which rounds its int32 sums
back to uint8 on a calibrated output scale, and then dequantizes them for the bias add. That second rounding is
the largest error in the shipped int8 model (reference sentences: up to 0.62 probability from PyTorch fp32), and
the requantize/dequantize/add passes cost about a tenth of the run. MatMulIntegerToFloat takes the same uint8
activations (same static scale, so a score still does not depend on its batch-mates) and the same 7-bit int8
weights (so the integer sums stay exact on every x86 kernel), and writes `int32 sum * a_scale * b_scale + bias`
in float. The two activation-by-activation MatMuls of attention stay QLinearMatMul: rewritten too (uint8 on both
sides), the graph ran slower than with them left as they are (docs/benchmarks.md).

    python float_outputs.py --in model_quantized.onnx --out model_quantized.onnx [--meta export_meta.json]
`--meta` records the rewrite in the model folder's export_meta.json (scheme, the new file's hash, the old one's).
"""
from __future__ import annotations

from pathlib import Path

import onnx
from onnx import helper

from rewrite_meta import run_cli

MS_DOMAIN = "com.microsoft"


def _consumers(graph: onnx.GraphProto) -> dict[str, list[onnx.NodeProto]]:
    out: dict[str, list[onnx.NodeProto]] = {}
    for n in graph.node:
        for i in n.input:
            out.setdefault(i, []).append(n)
    return out


def _bias(add: onnx.NodeProto, dequantized: str, initializers: dict[str, onnx.TensorProto]) -> str | None:
    """The Add's other input when it is a constant vector (a bias that can be fused), else None."""
    other = [i for i in add.input if i != dequantized]
    if len(other) != 1 or other[0] not in initializers or len(initializers[other[0]].dims) != 1:
        return None
    return other[0]


def float_outputs(model: onnx.ModelProto) -> int:
    """Rewrites the model in place; returns how many MatMuls now have float outputs."""
    g = model.graph
    initializers = {t.name: t for t in g.initializer}
    consumers = _consumers(g)
    replaced: dict[int, onnx.NodeProto] = {}
    dropped: set[int] = set()
    for n in g.node:
        if n.op_type != "QLinearMatMul":
            continue
        a, a_scale, a_zero, b, b_scale, b_zero, _y_scale, _y_zero = n.input
        users = consumers.get(n.output[0], [])
        if b not in initializers or len(users) != 1 or users[0].op_type != "DequantizeLinear":
            continue
        dq = users[0]
        inputs, output = [a, b, a_scale, b_scale, a_zero, b_zero], dq.output[0]
        dropped.add(id(dq))
        after = consumers.get(dq.output[0], [])
        if len(after) == 1 and after[0].op_type == "Add" and (bias := _bias(after[0], dq.output[0], initializers)):
            inputs.append(bias)
            output = after[0].output[0]
            dropped.add(id(after[0]))
        replaced[id(n)] = helper.make_node("MatMulIntegerToFloat", inputs, [output], name=f"{n.name}_float_out",
                                           domain=MS_DOMAIN)
    nodes = [replaced.get(id(n), n) for n in g.node if id(n) not in dropped]
    del g.node[:]
    g.node.extend(nodes)
    used = {i for n in g.node for i in n.input}
    kept = [t for t in g.initializer if t.name in used]
    del g.initializer[:]
    g.initializer.extend(kept)
    if not any(o.domain == MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    onnx.checker.check_model(model)
    return len(replaced)


def rewrite_file(src: Path, dst: Path) -> int:
    model = onnx.load(str(src))
    count = float_outputs(model)
    if count == 0:
        raise SystemExit(f"{src}: no QLinearMatMul with constant weights and a dequantized output to rewrite")
    onnx.save(model, str(dst))
    return count


def main() -> None:
    run_cli(__doc__, "training/float_outputs.py", "a static QOperator int8 ONNX file",
            lambda src, dst: f"{rewrite_file(src, dst)} MatMuls now write float outputs")


if __name__ == "__main__":
    main()
