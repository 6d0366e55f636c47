"""The pipeline: per-document stages in order, then resolve across documents.

Per-document stages are functions of one Document and the Settings only, so the same code
can run as map tasks on a distributed engine; everything that needs several documents
lives in ``resolve``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from fontes.errors import PipelineError
from fontes.model import Corpus, Document
from fontes.settings import DEFAULTS, Settings

Stage = Callable[[Document, Settings], Document]


@lru_cache(maxsize=4)
def stages(settings: Settings = DEFAULTS) -> list[tuple[str, Stage]]:
    """The per-document stages in order: clean → metadata → time → entities → events."""
    from fontes import clean, entities, events, metadata, timex

    return [
        ("clean", clean.clean),
        ("metadata", metadata.extract_metadata),
        ("time", timex.find_timexes),
        ("entities", entities.find_mentions),
        ("events", events.extract_events),
    ]


def analyse(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Run every per-document stage on one document."""
    for name, stage in stages(settings):
        out = stage(doc, settings)
        if not isinstance(out, Document):
            raise PipelineError(f"stage {name!r} returned {type(out).__name__}; return the Document")
        doc = out
    return doc


def analyse_path(path: Path, settings: Settings = DEFAULTS) -> Document:
    """Read one file and run every per-document stage on it."""
    from fontes.ingest import read_document

    return analyse(read_document(path, settings), settings)


def resolve(docs: Iterable[Document], settings: Settings = DEFAULTS) -> Corpus:
    """Cross-document step: global entities, merged events, conflicts."""
    from fontes import resolve as resolve_stage

    return resolve_stage.resolve(list(docs), settings)
