"""Entity stage: people, bodies, places, works and named events, with their names. (stub)"""

from fontes.model import Document
from fontes.settings import DEFAULTS, Settings


def find_mentions(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Reads doc.text, doc.zones; writes doc.mentions, doc.entities. (stub)"""
    return doc
