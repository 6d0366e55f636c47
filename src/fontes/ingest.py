"""Ingest stage: files and folders -> Documents with raw text and a content hash. (stub)"""

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontes.model import Document
from fontes.settings import DEFAULTS, Settings

SUFFIXES = {".txt", ".md", ".html", ".htm"}


def iter_sources(paths: Iterable[Path]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith("."))
        else:
            yield p


def read_document(path: Path, settings: Settings = DEFAULTS) -> Document:
    data = Path(path).read_bytes()
    return Document(id=hashlib.sha256(data).hexdigest(), path=str(path), text=data.decode("utf-8"))
