"""Adds the pooled sentence embedding as a second ONNX output, `pooled`, beside `logits`.

The classifier's input (BERT's pooler: tanh of a dense layer over the [CLS] state) is the model's own summary of
a text. finsent's walk-forward evaluation can use its daily mean as features (`eval fusion --embedding-pcs`).
Nothing is recomputed or requantized: the tensor already exists in the graph (in float, after the pooler), so
the logits are unchanged, and so is every score. The shipped model does not carry this output; apply it to a
copy:

    cp -r ../models/finsent-minilm-sentiment out/with-pooled
    .venv/bin/python add_pooled_output.py out/with-pooled
"""

from __future__ import annotations

import argparse
from pathlib import Path

import onnx


def add_output(path: Path) -> str:
    model = onnx.load(str(path))
    graph = model.graph
    if any(o.name == "pooled" for o in graph.output):
        return "already has it"
    producer = next(n for n in graph.node if "logits" in n.output)
    pooled = producer.input[0]
    graph.node.append(onnx.helper.make_node("Identity", [pooled], ["pooled"], name="pooled_output"))
    graph.output.append(onnx.helper.make_tensor_value_info("pooled", onnx.TensorProto.FLOAT, ["batch", "hidden"]))
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return f"added pooled from {pooled}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", type=Path, help="an HF-format model folder with onnx/model*.onnx")
    args = ap.parse_args()
    for path in sorted((args.model / "onnx").glob("model*.onnx")):
        print(f"{path}: {add_output(path)}")


if __name__ == "__main__":
    main()
