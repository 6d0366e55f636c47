"""Resolve step: global entities, merged events and conflicts across documents. (stub)"""

from fontes.model import Corpus, Document
from fontes.settings import DEFAULTS, Settings


def resolve(docs: list[Document], settings: Settings = DEFAULTS) -> Corpus:
    """Reads every document's mentions and events; writes a Corpus. (stub)"""
    return Corpus(documents=docs)
