"""Metadata stage: the citation a source carries in its header or footer. (stub)"""

from fontes.model import Document
from fontes.settings import DEFAULTS, Settings


def extract_metadata(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Reads doc.text and doc.zones; writes doc.citation, doc.genre, doc.dct. (stub)"""
    return doc
