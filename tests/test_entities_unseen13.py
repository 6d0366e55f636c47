"""Entity stage, round 13: errors of short, unseen web captures.

- a person's name goes on over its nobiliary particle and family or house name ("... von der X",
  "... von X-Y", "... de la X"): the model's stop at the particle leaves no stray "der X";
- a possessive written with a bare apostrophe after an s ("Prince Alexis’ illness") is cut off.

Every text here is invented for the test.
"""

from __future__ import annotations

from fontes.entities import find_mentions
from fontes.model import Document
from fontes.settings import DEFAULTS


def _mentions(text: str) -> dict[str, str]:
    doc = find_mentions(Document(id="t.txt", path="t.txt", text=text), DEFAULTS)
    return {m.text: m.label for m in doc.mentions}


def test_particle_and_family_name_stay_in_the_name() -> None:
    found = _mentions("In 1801 a plot was formed by Friedrich Wilhelm von der Lahnstein and two officers.")
    assert found.get("Friedrich Wilhelm von der Lahnstein") == "PER"
    assert "der Lahnstein" not in found and "Friedrich Wilhelm" not in found
    found = _mentions("She was born Marie Luise Charlotte von Sachsen-Weimar in a small town.")
    assert found.get("Marie Luise Charlotte von Sachsen-Weimar") == "PER"


def test_bare_apostrophe_possessive_is_cut() -> None:
    found = _mentions("Nobody could cure Prince Alexis’ illness, and the court despaired.")
    assert "Prince Alexis" in found
    assert not any(m.endswith("’") for m in found)
