"""Benchmark readers and scorers: HIPE-2022 (hipe), TempEval-3 (tempeval), WikiWars (wikiwars)."""

from __future__ import annotations

import os
from pathlib import Path


def shared_data_dir(repo_root: Path | None = None) -> Path:
    """The shared benchmark folder: $FONTES_SHARED/data, else ../shared/data beside the repo root."""
    shared = os.environ.get("FONTES_SHARED")
    if shared:
        return Path(shared) / "data"
    root = repo_root or Path(__file__).resolve().parents[3]
    return root.parent / "shared" / "data"
