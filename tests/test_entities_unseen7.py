"""Entity stage on unseen sources (issue 10, round 7): classes of text, not sentences of the corpus.

- a sovereign addressed by style ("his Majesty the King of Sardinia", "Her Imperial Majesty") is one
  mention of the ruler, the style with the office in apposition;
- a name an editor supplied in square brackets ("the Duke [Ferdinand] writes") ends before the bracket;
- a one-word name that only the model read and that the same document writes in lower case
  ("Journal" heading a page that speaks of "the journal") is a common word, not a name;
- a people's adjective before a noun ("the Albanian border") is no entity;
- a known town after a locative preposition of another language ("i Göteborg", "din Varșovia") is a place;
- a body named by a possessive determiner and its head ("my Government") is described, not named;
- a person's name run into the next word or a footnote number by extraction ("HallorannOn", "Halloran27")
  ends where the glued part begins;
- a given name alone that the model read as a body is a person;
- British contractions without a full stop ("Dr Lee", "Mr Smith") open a title + name mention;
- a name the model read as a place or body that ends in a sovereign's title ("the Persian Shah") is the ruler.

Every text here is invented for the test.
"""

from __future__ import annotations

import re

from fontes.entities import (
    MODEL,
    _check_types,
    _given_name_types,
    _institution_cands,
    _majesty_cands,
    _no_common_nouns,
    _no_land_adjectives,
    _offices_are_people,
    _outside_editorial_bracket,
    _unglue_person,
    find_mentions,
)
from fontes.gazetteer import land_adjective
from fontes.model import Document
from fontes.names import Cand
from fontes.settings import DEFAULTS


def _doc(text: str) -> Document:
    return find_mentions(Document(id="t.txt", path="t.txt", text=text), DEFAULTS)


def _forms(doc: Document) -> set[str]:
    """Surface forms without a leading article (the scorer's view)."""
    return {re.sub(r"^(?:the|The|his|His|her|Her)\s+", "", m.text) for m in doc.mentions}


# ---------------------------------------------------------------- sovereigns addressed by style

def _spans(text: str, cands: list[Cand]) -> list[str]:
    return [text[c.start:c.end] for c in cands]


def test_style_with_office_and_land_is_one_mention():
    text = "The envoy handed the note to his Majesty the King of Sardinia on Tuesday."
    assert _spans(text, _majesty_cands(text)) == ["his Majesty the King of Sardinia"]


def test_style_across_a_line_break_and_with_an_adjective():
    text = "We learn that Her Majesty the\nEmpress has left; Her Imperial Majesty travels by night."
    assert _spans(text, _majesty_cands(text)) == ["Her Majesty the\nEmpress", "Her Imperial Majesty"]


def test_style_before_a_long_name_of_a_state_stops_at_the_style():
    """The title rules read "Queen of the Netherlands and ..." as the office; the style is the mention here."""
    text = "signed by His Majesty the King of the Two Sicilies and his envoy"
    assert _spans(text, _majesty_cands(text)) == ["His Majesty"]


def test_style_in_a_body_name_is_no_sovereign():
    text = "Printed by Her Majesty's Printing Office in 1901."
    assert _majesty_cands(text) == []


def test_style_mention_in_the_stage():
    doc = _doc("The ambassador was received by his Majesty the Emperor of Austria at noon, and his Majesty "
               "promised an answer within a week.")
    forms = _forms(doc)
    assert "Majesty the Emperor of Austria" in forms
    assert "Emperor of Austria" not in forms


# ---------------------------------------------------------------- editorial brackets

def test_editorial_bracket_is_cut_from_the_name():
    text = "The Duke [Ferdinand Albrecht] writes that the roads are closed."
    start = text.index("Ferdinand")
    c = Cand(start, text.index("]") + 1, "PER", MODEL)
    _outside_editorial_bracket(text, c)
    assert text[c.start:c.end] == "Ferdinand Albrecht"


def test_bracket_inside_a_damaged_word_stays():
    text = "They reached Ki]] on Monday."  # OCR: ']' for 'l', no opening bracket
    start = text.index("Ki")
    c = Cand(start, start + 4, "LOC", MODEL)
    _outside_editorial_bracket(text, c)
    assert text[c.start:c.end] == "Ki]]"


# ---------------------------------------------------------------- common words read as names

def test_model_word_written_lower_case_elsewhere_is_dropped():
    text = "Journal\nThe captain kept a journal of every watch, and the journal survives."
    c = Cand(0, 7, "ORG", MODEL, "model")
    assert _no_common_nouns(text, [c]) == []


def test_model_word_never_written_lower_case_stays():
    text = "Halloran\nThe captain kept a journal of every watch, and Halloran signed it."
    c = Cand(0, 8, "PER", MODEL, "model")
    assert _no_common_nouns(text, [c]) == [c]


def test_known_place_stays_whatever_its_case_elsewhere():
    text = "Paris\nhe wrote from paris in haste, then from Paris again."
    c = Cand(0, 5, "LOC", MODEL, "model")
    assert _no_common_nouns(text, [c]) == [c]


# ---------------------------------------------------------------- peoples' adjectives

def test_land_adjective():
    assert land_adjective("Albanian") == "Albania"
    assert land_adjective("Bulgarian") == "Bulgaria"
    assert land_adjective("Bulgarians") is None  # a people, which may stand for its state
    assert land_adjective("Berlin") is None
    assert land_adjective("Martin") is None


def test_attributive_adjective_is_dropped_nominal_one_stays():
    text = "Shots were heard on the Albanian border. Last of all came the Albanian."
    first = Cand(text.index("Albanian"), text.index("Albanian") + 8, "LOC", MODEL, "model")
    second_at = text.rindex("Albanian")
    second = Cand(second_at, second_at + 8, "PER", MODEL, "model")
    assert _no_land_adjectives(text, [first, second]) == [second]


# ---------------------------------------------------------------- locatives of other languages

def test_town_after_a_foreign_locative_is_a_place():
    """The model's person after a lower-case preposition of another language becomes a place."""
    for text, name in [("O telegrama de Marti din Zarnovița publica o noua victoria.", "Zarnovița"),
                       ("sjukdomen har warit sâ stor i Stokkolm sä at wi reste", "Stokkolm")]:
        at = text.index(name)
        c = Cand(at, at + len(name), "PER", MODEL, "model")
        _check_types(text, [c])
        assert c.label == "LOC", text


def test_person_after_an_english_word_i_stays():
    text = "Then I Halloran signed the roll."  # capital I is the English pronoun, no preposition
    at = text.index("Halloran")
    c = Cand(at, at + 8, "PER", MODEL, "model")
    _check_types(text, [c])
    assert c.label == "PER"


# ---------------------------------------------------------------- possessive bodies

def test_possessive_government_is_no_name_the_government_is():
    text = "The envoy said that his Government would not reply. Later the Council met and my Senate adjourned."
    found = [text[c.start:c.end] for c in _institution_cands(text)]
    assert found == ["Council"]


# ---------------------------------------------------------------- glued names

def _unglued(text: str, name: str) -> str:
    at = text.index(name)
    c = Cand(at, at + len(name), "PER", MODEL, "model")
    _unglue_person(text, c)
    return text[c.start:c.end]


def test_name_glued_to_next_word_is_cut():
    assert _unglued("Colonel Pavel HalloranOn the next day the bridge fell.", "Pavel HalloranOn") == "Pavel Halloran"


def test_name_glued_to_footnote_number_is_cut():
    assert _unglued("Then came Thomas Wetherby27 with the letters.", "Thomas Wetherby27") == "Thomas Wetherby"


def test_camel_cased_surnames_stay():
    for name in ("Agnes FitzGerald", "Hugh MacArthur", "Anna DeWitt", "Ewan McDonald"):
        assert _unglued(f"The letter of {name} arrived.", name) == name


# ---------------------------------------------------------------- given names, British titles

def test_lone_given_name_read_as_body_is_a_person():
    text = "And, dear Hester, keep the house till I come."
    at = text.index("Hester")
    c = Cand(at, at + 6, "ORG", MODEL, "model")
    _given_name_types(text, [c])
    assert c.label == "PER"


def test_title_without_full_stop_opens_the_mention():
    doc = _doc("The parson sent for Dr Hallam at noon, and Mr Pettigrew came with him to the house.")
    forms = _forms(doc)
    assert "Dr Hallam" in forms and "Mr Pettigrew" in forms


def test_name_ending_in_a_sovereign_title_is_a_person():
    text = "Envoys came from the Persian Shah and from the Padishah; the Sultanate of Oman sent none."
    shah = Cand(text.index("Persian"), text.index("Shah") + 4, "LOC", MODEL, "model")
    padishah = Cand(text.index("Padishah"), text.index("Padishah") + 8, "ORG", MODEL, "model")
    land = Cand(text.index("Sultanate"), text.index("Oman") + 4, "LOC", MODEL, "model")
    _offices_are_people(text, [shah, padishah, land])
    assert (shah.label, padishah.label, land.label) == ("PER", "PER", "LOC")
