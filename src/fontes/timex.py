"""Time stage: find time expressions and normalise them to TIMEX3 in both calendars. (stub)"""

from fontes.model import Document
from fontes.settings import DEFAULTS, Settings


def find_timexes(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Reads doc.text, doc.zones, doc.citation; writes doc.timexes, doc.calendar. (stub)"""
    return doc
