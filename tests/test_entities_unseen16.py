"""Entity stage, round 16: a country named in the language of the text.

- in a line written in French, German, Swedish, ... a country's name in that language ("la Russie",
  "Russland") is a place, from CLDR's names of the world's countries (Babel);
- such a name is that country: it links across documents with the English name;
- an exonym that is also an English word ("Island", German for Iceland) is no place in an English line.

Every text here is invented for the test.
"""

from __future__ import annotations

from test_entities_unseen10 import _doc
from test_entities_unseen13 import _mentions

from fontes.aliases import link_entities
from fontes.gazetteer import exonyms
from fontes.settings import DEFAULTS


def test_exonyms_name_their_country() -> None:
    names = exonyms()
    assert names["Allemagne"].name == "Germany"
    assert names["Sverige"].name == "Sweden"
    assert "Russia" not in names  # the English name is the gazetteer's own


def test_country_in_a_french_line_is_a_place() -> None:
    found = _mentions("Au printemps de 1812, la Grande Armée quitte la Pologne et entre en Russie avec "
                      "les troupes venues de toute l'Allemagne et de la Hollande.")
    assert found.get("Russie") == "LOC" and found.get("Allemagne") == "LOC"


def test_country_in_a_german_line_is_a_place() -> None:
    found = _mentions("Im Sommer wurde der Vertrag zwischen der Türkei und Russland in einer kleinen Stadt "
                      "an der Grenze unterzeichnet, und die Truppen zogen ab.")
    assert found.get("Russland") == "LOC" and found.get("Türkei") == "LOC"


def test_exonym_that_is_an_english_word_stays_a_word() -> None:
    found = _mentions("The sailors saw an Island in the north and they were glad of it after the long storm.")
    assert "Island" not in found


def test_exonym_links_to_the_english_name() -> None:
    a = _doc("The war with Russia began in the summer and it ended two years later.", "a.txt")
    b = _doc("Le traité fut signé par la France et par la Russie dans une ville de la frontière.", "b.txt")
    link_entities([a, b], DEFAULTS)
    ids = {m.text: m.entity_id for d in (a, b) for m in d.mentions}
    assert ids["Russie"] == ids["Russia"]
