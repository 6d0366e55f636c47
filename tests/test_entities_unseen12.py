"""Entity stage, round 12: kinship names, lists with "&", people and persons by context, roles and rulers.

- a name after a kinship noun ("his half-sister Irina") is a person, not after "mother" of a land;
- a list joined by "&" is a list: an unknown name beside two known places or more is a place;
- a single word the text takes up with "who" is a person; a people's plural is no person;
- a bare rank ("the Bishop") goes only to a holder the same text names, and to the one office of that
  rank with its seat ("the Bishop of X") in the text;
- a monarch's title with its realm ("the Emperor of Russia", "the King of Prussia") names the ruler of
  that realm in the narrative's year, who keeps that title ("the Sultan" is not his);
- a compound regnal name ("Frederick William IV") is not the person a text calls "William".

Every text here is invented for the test.
"""

from __future__ import annotations

import re

from fontes.aliases import _person_link, _realm_title, link_entities, person_name
from fontes.entities import find_mentions
from fontes.model import Document
from fontes.settings import DEFAULTS
from fontes.timex import find_timexes


def _doc(text: str, name: str = "t.txt") -> Document:
    doc = Document(id=name, path=name, text=text)
    return find_mentions(find_timexes(doc, DEFAULTS), DEFAULTS)


def _mentions(text: str) -> dict[str, str]:
    return {m.text: m.label for m in _doc(text).mentions}


def _ids(*docs: Document) -> dict[str, str | None]:
    return {m.text: m.entity_id for d in docs for m in d.mentions}


# ---------------------------------------------------------------- types from context

def test_name_after_a_kinship_noun_is_a_person() -> None:
    found = _mentions("After the old king died, power passed to his half-sister Irina, while her brother "
                      "Dmitri Volkonsky stayed in the north.\n")
    assert found.get("Irina") == "PER"
    assert found.get("Dmitri Volkonsky") == "PER"


def test_mother_country_is_no_person() -> None:
    found = _mentions("The exiles never forgot their mother Russia and wrote of it every year.\n")
    assert found.get("Russia") != "PER"


def test_list_with_ampersand_of_places_types_the_unknown_one() -> None:
    found = _mentions("The new calendar was adopted in Quellbruck, Salzburg & Bavaria in the same autumn.\n")
    assert found.get("Quellbruck") == "LOC"


def test_list_of_people_stays_people() -> None:
    found = _mentions("The council sent Lenin, Stalin and Krasnoff to inquire into the matter.\n")
    assert found.get("Stalin") == "PER" and found.get("Krasnoff") != "LOC"


def test_word_taken_up_with_who_is_a_person() -> None:
    text = "Many merchants were ruined, such as Pellingham, who has petitioned the court for relief.\n"
    found = _mentions(text)
    assert found.get("Pellingham") == "PER"


def test_people_plural_is_no_person() -> None:
    found = _mentions("It is reported that Montenegrins today besieged the town of Plava.\n")
    assert found.get("Montenegrins") == "ORG"


# ---------------------------------------------------------------- roles across and within texts

def test_bare_rank_goes_to_no_holder_of_another_text() -> None:
    a = _doc("At the scaffold his companion, Bishop Edmund Harrowby, prayed with him in 1649.", "a.txt")
    b = _doc("At noon the Bishop came to dine with us, and the Bishop told many stories in 1668.", "b.txt")
    link_entities([a, b], DEFAULTS)
    ids = _ids(a, b)
    assert ids["Bishop Edmund Harrowby"] != ids["the Bishop"]


def test_bare_rank_goes_to_the_office_with_its_seat_in_the_same_text() -> None:
    doc = _doc("In 1668 the Bishop of Wexcombe came to dine with us. After dinner the Bishop spoke of the fleet.")
    ids = {m.text: m.entity_id for m in doc.mentions}
    assert ids["the Bishop of Wexcombe"] == ids["the Bishop"]


# ---------------------------------------------------------------- rulers named by title and realm

def test_realm_of_a_title_as_the_rulers_data_keys_it() -> None:
    assert _realm_title("emperor of all the russias", "emperor") == "emperor of russia"
    assert _realm_title("emperor of the french", "emperor") == "emperor of france"
    assert _realm_title("king of prussia", "king") == "king of prussia"
    assert _realm_title("emperor", "emperor") is None


def test_title_with_realm_names_the_ruler_of_the_year() -> None:
    a = _doc("In 1856 the plenipotentiaries of the Emperor of Russia signed the convention.", "a.txt")
    b = _doc("Alexander II freed the serfs in 1861.", "b.txt")
    link_entities([a, b], DEFAULTS)
    ids = _ids(a, b)
    assert ids["the Emperor of Russia"] == ids["Alexander II"]


def test_ruler_named_by_realm_takes_no_other_monarchs_title() -> None:
    doc = _doc("In 1856 the King of Sardinia acceded to the treaty. The Sultan then promised reforms, "
               "and the Sultan kept the straits closed.")
    ids = {m.text: m.entity_id for m in doc.mentions}
    assert ids["the King of Sardinia"] != ids.get("The Sultan", ids.get("the Sultan"))


def test_compound_regnal_name_is_not_its_last_given_name() -> None:
    assert _person_link(person_name("Frederick William IV"), person_name("William"), set(), DEFAULTS) is None
    assert _person_link(person_name("Frederick William IV"), person_name("Frederick William"), set(), DEFAULTS)
    assert _person_link(person_name("Peter I"), person_name("Peter"), set(), DEFAULTS)


# ---------------------------------------------------------------- German text

def test_german_given_name_after_a_noun_is_a_person() -> None:
    from fontes.ner.german import _given_name_cands

    part = "Kommandeure Russisches Reich Pawel Worontzow Osmanisches Reich Peter Kirche"
    found = {part[c.start:c.end]: c.label for c in _given_name_cands(0, part)}
    assert found == {"Pawel Worontzow": "PER"}


def test_given_name_with_a_possessive_is_a_person() -> None:
    found = _mentions("In that year Natalia's regency ended and the young prince ruled alone.\n")
    assert found.get("Natalia") == "PER"


def test_ruler_and_his_land_after_a_given_name() -> None:
    found = _mentions("In the spring Louis XIV of France received the envoys at his palace.\n")
    assert "Louis XIV of France" in found and "Louis XIV" not in found


def test_row_heads_of_a_table_of_places() -> None:
    from fontes.entities import Cand, _row_heads

    text = ("Savoy 21 December 1582\nPortugal 4 October 1582\nPoland 21 December 1585\n"
            "Groningen 10 February 1583\nMoravia 6 January 1584\n")
    cands = [Cand(m.start(), m.end(), "LOC", 1, "model") for m in re.finditer(r"^\w+", text, re.MULTILINE)]
    cands[3].label = "PER"
    _row_heads(text, cands)
    assert cands[3].label == "LOC"
    lone = [Cand(0, 5, "LOC", 1, "model"), Cand(23, 31, "PER", 1, "model")]
    _row_heads(text, lone)  # two rows are no table
    assert lone[1].label == "PER"


def test_list_of_people_after_a_titled_name_goes_on() -> None:
    found = _mentions("The crash has been their ruin. Mr. Hale, Tapp and Scrope and many more broke, such as Sir Ralph.\n")
    assert found.get("Tapp") == "PER" and found.get("Scrope") == "PER"
