"""Provenance and command line shared by the graph rewrites of a shipped int8 file (float_outputs.py,
cls_last_layer.py): what was rewritten, by which tool, from which file."""
from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

# The scheme a rewritten file has; quantize.py builds files of this scheme by the same rewrites.
REWRITTEN_SCHEME = "static-float-out-u8s8-rr"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record(meta_path: Path, tool: str, src_sha256: str, dst: Path, scheme: str, description: str) -> None:
    """Appends the rewrite to export_meta.json's `rewrites` and updates the file's hash, scheme and description."""
    meta = json.loads(meta_path.read_text())
    meta.setdefault("rewrites", []).append({"tool": tool, "from_scheme": meta.get("scheme"),
                                            "from_sha256": src_sha256, "to_scheme": scheme})
    meta["scheme"] = scheme
    meta["quantization"] = description
    meta["files"][dst.name] = {"bytes": dst.stat().st_size, "sha256": sha256(dst)}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")


def run_cli(doc: str, tool: str, input_help: str, rewrite: Callable[[Path, Path], str]) -> None:
    """`--in`, `--out` (may be `--in`) and `--meta`; `rewrite(src, dst)` writes dst and returns what it did."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="src", type=Path, required=True, help=input_help)
    ap.add_argument("--out", type=Path, required=True, help="where to write the rewritten file (may be --in)")
    ap.add_argument("--meta", type=Path, help="export_meta.json to record the rewrite in")
    a = ap.parse_args()
    src_sha256 = sha256(a.src)
    print(f"{rewrite(a.src, a.out)}: {a.out}")
    if a.meta:
        from quantize import describe  # quantize imports the rewrites, which import this module

        record(a.meta, tool, src_sha256, a.out, REWRITTEN_SCHEME, describe(REWRITTEN_SCHEME))
