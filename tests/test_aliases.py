"""Alias resolution: personal names taken apart (epithets, lands, patronymics, saints) and linked."""

from __future__ import annotations

import pytest

from fontes.aliases import link_entities, person_name
from fontes.entities import find_mentions
from fontes.model import Document
from fontes.settings import DEFAULTS


def _doc(text: str, name: str = "t.txt") -> Document:
    return find_mentions(Document(id=name, path=name, text=text), DEFAULTS)


@pytest.mark.parametrize("written,surname,number,epithet,land,patronymic", [
    ("Peter the Great", "peter", None, "great", None, None),
    ("Peter I of Russia", "peter", "I", None, "russia", None),
    ("King William III of England", "william", "III", None, "england", None),
    ("St. Peter", "peter", None, "saint", None, None),
    ("Peter Alekseevich", "peter", None, None, None, "alekseevich"),
    ("Fyodor Matveyevich Apraksin", "apraksin", None, None, None, None),
])
def test_aliases_person_name_parts(written, surname, number, epithet, land, patronymic):
    p = person_name(written)
    assert (p.surname, p.number, p.epithet, p.land, p.patronymic) == (surname, number, epithet, land, patronymic)


def test_aliases_ruler_forms_are_one_person_across_documents():
    """A ruler's epithet, regnal number, land and patronymic all name one person; a saint is another."""
    a = _doc("Peter the Great founded the city. Peter then left for Moscow.", "a.txt")
    b = _doc("Peter I of Russia sailed west. Peter Alekseevich returned in 1698.", "b.txt")
    c = _doc("The cathedral of St. Peter stood near the river.", "c.txt")
    entities = link_entities([a, b, c], DEFAULTS)
    ruler = [e for e in entities if "Peter the Great" in e.aliases]
    assert len(ruler) == 1 and {"Peter I of Russia", "Peter Alekseevich", "Peter"} <= set(ruler[0].aliases)
    assert "St. Peter" not in ruler[0].aliases


@pytest.mark.parametrize("a,b", [("Peter I", "Peter II"), ("Charles of Sweden", "Charles of England"),
                                 ("Peter the Great", "St. Peter"), ("Sophia Alekseyevna", "Sophia Ivanovna")])
def test_aliases_rulers_of_other_numbers_lands_and_saints_stay_apart(a, b):
    docs = [_doc(f"{a} spoke at the council.", "a.txt"), _doc(f"{b} spoke at the council.", "b.txt")]
    entities = link_entities(docs, DEFAULTS)
    assert not [e for e in entities if a in e.aliases and b in e.aliases]


def test_aliases_titled_name_links_across_documents():
    """A name the text writes only with its title ("General Lee") still links to the bare name elsewhere."""
    a = _doc("General Lee crossed the river.", "a.txt")
    b = _doc("The army of Robert Lee withdrew in July.", "b.txt")
    entities = link_entities([a, b], DEFAULTS)
    lee = [e for e in entities if "General Lee" in e.aliases]
    assert len(lee) == 1 and "Robert Lee" in lee[0].aliases
