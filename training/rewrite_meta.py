"""Provenance for a graph rewrite of a shipped ONNX file: what was rewritten, by which tool, from which file."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path


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
