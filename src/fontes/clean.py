"""Clean stage: label each line of a document as body, citation metadata or site chrome. (stub)"""

from fontes.model import Document, Zone
from fontes.settings import DEFAULTS, Settings


def clean(doc: Document, settings: Settings = DEFAULTS) -> Document:
    """Reads doc.text; writes doc.zones. (stub: every line is body)"""
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        if line.strip():
            doc.zones.append(Zone(pos, pos + len(line.rstrip("\r\n")), "body"))
        pos += len(line)
    return doc
