"""Entity stage, round 8: a form of address + name is one mention.

- a name written with a civil form of address ("Mr. Hargrove", "Sir Ambrose Kettle", "Dr Vance") is one
  mention with its title; the name inside it is no second mention;
- a name under an office, a rank or a reign ("Archbishop X", "Captain X", "Czar X II") still also yields the bare name, as the
  older gold lists it;
- where the text also writes the name by itself, that mention stays.

Every text here is invented for the test.
"""

from __future__ import annotations

from fontes.entities import _address_form, _no_name_in_address, find_mentions
from fontes.model import Document
from fontes.names import Cand
from fontes.settings import DEFAULTS


def _texts(text: str) -> list[str]:
    doc = find_mentions(Document(id="t.txt", path="t.txt", text=text), DEFAULTS)
    return [m.text for m in doc.mentions]


def test_address_forms_are_not_offices() -> None:
    assert _address_form("Mr.") and _address_form("Sir") and _address_form("Dr") and _address_form("Mrs")
    assert not _address_form("Archbishop") and not _address_form("Czar") and not _address_form("Rear Admiral")
    assert not _address_form("Captain") and not _address_form("Countess")
    assert not _address_form(None) and not _address_form("")
    # a stack is read by its first word: an office before a rank of nobility keeps the office's convention
    assert not _address_form("Chancellor Count")


def test_name_inside_address_is_dropped_office_kept() -> None:
    text = "Mr. Hargrove met Archbishop Tolland Vesk."
    cands = [Cand(0, 12, "PER", 1.0, "rule", nested=True, title="Mr."),
             Cand(4, 12, "PER", 1.0, "rule", title="Mr."),
             Cand(17, 40, "PER", 1.0, "rule", nested=True, title="Archbishop"),
             Cand(28, 40, "PER", 1.0, "rule", title="Archbishop")]
    kept = {text[c.start:c.end] for c in _no_name_in_address(cands)}
    assert kept == {"Mr. Hargrove", "Archbishop Tolland Vesk", "Tolland Vesk"}


def test_pipeline_titled_name_without_bare_copy() -> None:
    texts = _texts("This morning Sir Ambrose Kettle came aboard, and later Dr Dunmore dined with us.")
    assert "Sir Ambrose Kettle" in texts and "Dr Dunmore" in texts
    assert "Ambrose Kettle" not in texts and "Dunmore" not in texts


def test_pipeline_bare_name_written_alone_stays() -> None:
    texts = _texts("Mr. Hargrove wrote to the board on Monday. On Tuesday Hargrove sailed for Lisbon.")
    assert "Mr. Hargrove" in texts and texts.count("Hargrove") == 1
