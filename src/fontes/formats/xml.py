"""Parse XML sources safely: no entity expansion, no DTD loading, no network, no huge trees.

A document that declares entities (the shape of a "billion laughs" bomb or of an external
entity that would read a local file) is refused with a one-line error before it is parsed.
"""

from __future__ import annotations

import re
from pathlib import Path

from fontes.errors import InputError

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def parse_xml(data: bytes, path: Path | str):  # -> lxml.etree._Element
    """The root element of an XML document; InputError for entity declarations or malformed XML."""
    from lxml import etree

    if _ENTITY_DECL.search(data[:1_000_000]) or (b"<!DOCTYPE" in data and _ENTITY_DECL.search(data)):
        raise InputError(path, "XML declares entities (refused: entity expansion can exhaust memory or read local files)",
                         "remove the <!ENTITY> declarations")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True, recover=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise InputError(path, f"malformed XML ({err.msg or err}, line {err.lineno})",
                         "repair the file or export it again") from err


def local(tag: object) -> str:
    """An element's name without its namespace ('{http://www.loc.gov/standards/alto/ns-v4#}String' -> 'String')."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(el, name: str) -> list:
    """Direct children of el with a local name, whatever their namespace."""
    return [c for c in el if local(c.tag) == name]


def descendants(el, name: str) -> list:
    """Descendants of el with a local name, in document order, whatever their namespace."""
    return [c for c in el.iter() if local(c.tag) == name]


def text_of(el) -> str:
    """All the text inside an element, white space collapsed."""
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()
