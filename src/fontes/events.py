"""Event stage: typed events with actors, date, place and evidence passage. (stub)"""

from fontes.model import Document
from fontes.settings import DEFAULTS, Settings


def extract_events(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Reads doc.text, doc.timexes, doc.mentions; writes doc.events. (stub)"""
    return doc
