"""Run a BERT classifier's last encoder layer for the [CLS] token only.

Why: the classifier reads one vector, the pooler's dense layer over the last layer's [CLS] state, so in the last
layer only [CLS]'s query, attention output, feed-forward and layer norms matter. Its keys and values still come
from every token. Slicing [CLS] out before the query projection and the residual add skips 10 of that layer's 12
token-by-weight products for every other token, about a seventh of the model's multiply-adds, with the same
logits: every remaining operation is row-wise, and the int8 activation scales are static, so the [CLS] row is
quantized and summed exactly as before (test/nlp/parity.test.ts checks the file against the Python reference).

Applies to the graphs `export.py` writes (torch.onnx's node names for BertForSequenceClassification) after
`float_outputs.py`:

    python cls_last_layer.py --in model_quantized.onnx --out model_quantized.onnx [--meta export_meta.json]
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from rewrite_meta import run_cli


class NotABertGraph(ValueError):
    """The graph lacks a node this rewrite relies on."""


def _node(nodes: dict[str, onnx.NodeProto], name: str) -> onnx.NodeProto:
    if name not in nodes:
        raise NotABertGraph(f"no node {name} (expects export.py's BERT graph after float_outputs.py)")
    return nodes[name]


def _const(graph: onnx.GraphProto, name: str, values: list[int]) -> str:
    graph.initializer.append(numpy_helper.from_array(np.array(values, dtype=np.int64), name))
    return name


def _first_token(graph: onnx.GraphProto, source: str, axis: int, name: str) -> str:
    """Adds a Slice keeping index 0 of `axis` (the dimension stays, with size 1); returns its output."""
    starts = _const(graph, f"{name}_starts", [0])
    ends = _const(graph, f"{name}_ends", [1])
    axes = _const(graph, f"{name}_axes", [axis])
    graph.node.append(helper.make_node("Slice", [source, starts, ends, axes], [name], name=f"{name}_Slice"))
    return name


def _last_layer(graph: onnx.GraphProto) -> int:
    layers = {int(m.group(1)) for n in graph.node if (m := re.match(r"/bert/encoder/layer\.(\d+)/", n.name))}
    if not layers:
        raise NotABertGraph("no /bert/encoder/layer.N/ nodes")
    return max(layers)


def cls_only_last_layer(model: onnx.ModelProto) -> int:
    """Rewrites the model in place; returns the index of the layer that now runs for [CLS] only."""
    g = model.graph
    nodes = {n.name: n for n in g.node}
    last = _last_layer(g)
    p = f"/bert/encoder/layer.{last}/attention/"
    if f"{p}cls/query_input_Slice" in nodes:
        raise NotABertGraph(f"layer {last} already runs for [CLS] only")
    query = _node(nodes, p + "self/query/MatMul_quant_float_out")
    residual = _node(nodes, p + "output/Add")
    mask_add = _node(nodes, p + "self/Add")
    query_shape = _node(nodes, p + "self/Reshape")
    merged_shape = _node(nodes, p + "self/Reshape_3")
    layer_input = query.input[0]
    query.input[0] = _first_token(g, layer_input, 1, f"{p}cls/query_input")
    float_input = next(i for i in residual.input if i != p + "output/dense/Add_output_0")
    residual.input[list(residual.input).index(float_input)] = _first_token(g, float_input, 1, f"{p}cls/residual")
    # The additive mask is [batch, 1, query, key]; one query row is left.
    mask = next(i for i in mask_add.input if i != p + "self/Mul_output_0")
    mask_add.input[list(mask_add.input).index(mask)] = _first_token(g, mask, 2, f"{p}cls/mask")
    # The exported reshapes take the sequence length from the input's shape; the query now has one position.
    head_size_name = _head_size_input(nodes, p)
    head_size = int(numpy_helper.to_array(next(t for t in g.initializer if t.name == head_size_name)).reshape(-1)[0])
    query_shape.input[1] = _const(g, f"{p}cls/query_shape", [0, 1, -1, head_size])
    merged_shape.input[1] = _const(g, f"{p}cls/merged_shape", [0, 1, -1])
    _topological_sort(g)
    onnx.checker.check_model(model)
    return last


def _head_size_input(nodes: dict[str, onnx.NodeProto], prefix: str) -> str:
    """The constant last element of the query reshape's shape (the head size), read from its Concat."""
    shape = _node(nodes, prefix + "self/Reshape").input[1]
    concat = next((n for n in nodes.values() if shape in n.output and n.op_type == "Concat"), None)
    if concat is None:
        raise NotABertGraph(f"the query reshape's shape {shape} is not a Concat")
    return concat.input[-1]


def _topological_sort(graph: onnx.GraphProto) -> None:
    """ONNX wants producers before consumers; the added Slices were appended at the end."""
    ready = {i.name for i in graph.input} | {t.name for t in graph.initializer} | {""}
    pending = list(graph.node)
    ordered: list[onnx.NodeProto] = []
    while pending:
        rest = [n for n in pending if not all(i in ready for i in n.input)]
        done = [n for n in pending if all(i in ready for i in n.input)]
        if not done:
            raise NotABertGraph("the graph has a cycle or a missing input")
        for n in done:
            ordered.append(n)
            ready.update(n.output)
        pending = rest
    del graph.node[:]
    graph.node.extend(ordered)


def rewrite_file(src: Path, dst: Path) -> str:
    """@raises NotABertGraph, and writes nothing, when the graph is not one this rewrite knows."""
    model = onnx.load(str(src))
    last = cls_only_last_layer(model)
    onnx.save(model, str(dst))
    return f"layer {last} now runs for [CLS] only"


def _rewrite_or_exit(src: Path, dst: Path) -> str:
    try:
        return rewrite_file(src, dst)
    except NotABertGraph as e:
        raise SystemExit(f"{src}: {e}") from e


def main() -> None:
    run_cli(__doc__, "training/cls_last_layer.py", "export.py's int8 graph after float_outputs.py", _rewrite_or_exit)


if __name__ == "__main__":
    main()
