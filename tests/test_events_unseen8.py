"""Events on unseen sources, round 7: the date lines of letters and dispatches (a calendar mark after the
day, a day particle before it, a place the entity stage does not know, a place name broken over two
lines), and the verbs of telling ("informed the council that ...") and of being moved somewhere by
others ("was transferred to the hospital"). All sentences are made up."""

from __future__ import annotations

from test_events import make_doc

from fontes.events import extract_events
from fontes.events.lines import _dateline_events
from fontes.events.triggers import triggers

# --- date lines of letters and dispatches ------------------------------------------------------------


def _datelines(doc) -> list[tuple[str, str, str]]:
    return [(e.type, e.evidence, e.when.gregorian) for e in _dateline_events(doc, triggers())]


def test_dateline_with_an_old_style_mark_after_the_day_is_the_sending() -> None:
    text = "The money has been paid over.\nMarlow, the 3rd June, 1702, old style.\n[Latin.]\n"
    doc = make_doc(text, timexes=[("the 3rd June, 1702", "DATE", "1702-06-14", "1702-06-03")],
                   mentions=[("Marlow", "LOC", "marlow")])
    assert _datelines(doc) == [("MESSAGE_SENT", "Marlow, the 3rd June, 1702, old style.", "1702-06-14")]


def test_dateline_on_a_line_of_its_own_needs_no_known_place() -> None:
    text = "START OF LETTER:\nVarnabad, May 9. O.S.\nYou will wish to hear of the journey.\n"
    doc = make_doc(text, timexes=[("May 9", "DATE", "1715-05-20", "1715-05-09")])
    assert _datelines(doc) == [("MESSAGE_SENT", "Varnabad, May 9. O.S.", "1715-05-20")]


def test_dateline_with_a_day_particle_before_the_day() -> None:
    text = "Printed at Uppsala 1899.\nKalmarby, d. 4 mars 1709.\nMin kära syster.\n"
    doc = make_doc(text, timexes=[("4 mars 1709", "DATE", "1709-03-04", None)])
    assert [e[1] for e in _datelines(doc)] == ["Kalmarby, d. 4 mars 1709."]


def test_dateline_a_place_broken_over_two_lines_after_an_address_is_found() -> None:
    text = "Mr. Hale to Mr.\nOrme.\nConsulate of\nthe United States,\nSt.\nAlbansburg, April 2, 1840.\nSir: I have the honour.\n"
    doc = make_doc(text, timexes=[("April 2, 1840", "DATE", "1840-04-02", None)],
                   mentions=[("St.\nAlbansburg", "LOC", "albansburg"), ("Mr. Hale", "PER", "hale")])
    [(etype, evidence, when)] = _datelines(doc)
    assert (etype, when) == ("MESSAGE_SENT", "1840-04-02")
    assert evidence.endswith("Albansburg, April 2, 1840.") and "United" not in evidence


def test_dateline_a_person_and_a_day_or_a_place_inside_a_quoted_sentence_is_no_dateline() -> None:
    text = ("The account closes thus.\nJohn Harker, May 9, 1715.\n"
            "Let the sum be placed to my account in the Salt Harbour Compa. Dorwich the 5 June 1715.\n")
    doc = make_doc(text, timexes=[("May 9, 1715", "DATE", "1715-05-09", None), ("the 5 June 1715", "DATE", "1715-06-05", None)],
                   mentions=[("John Harker", "PER", "harker"), ("Dorwich", "LOC", "dorwich")])
    assert _datelines(doc) == []


# --- telling and being moved ----------------------------------------------------------------------------


def _types(text: str, mentions: list[tuple[str, str, str]] = ()) -> list[tuple[str, str]]:
    return [(e.type, e.evidence) for e in extract_events(make_doc(text, mentions=mentions)).events]


def test_events_informing_someone_is_a_message_sent() -> None:
    found = _types("A courier had informed the garrison that the bridge was lost.")
    assert [t for t, _ in found] == ["MESSAGE_SENT"]


def test_events_news_that_informs_or_a_bare_participle_is_no_message() -> None:
    found = _types("News from the frontier had informed the court to some extent.")
    assert "MESSAGE_SENT" not in [t for t, _ in found]
    found = _types("Do everything possible to keep us informed of every step.")
    assert "MESSAGE_SENT" not in [t for t, _ in found]


def test_events_being_transferred_or_removed_to_a_place_is_travel() -> None:
    assert [t for t, _ in _types("Two weeks later I was transferred to the garrison hospital.")] == ["TRAVEL"]
    assert [t for t, _ in _types("The prisoners were removed to a fortress on the river.")] == ["TRAVEL"]


def test_events_asking_for_a_transfer_is_no_journey() -> None:
    found = _types("The bishop writes a letter to the synod asking for his see to be transferred to the new province.")
    assert "TRAVEL" not in [t for t, _ in found]


# --- diary entries that only note the weather ----------------------------------------------------------


def test_timeline_an_entry_with_no_verb_and_no_name_is_no_happening() -> None:
    text = "March 5, 1701. A very cold day.\nMarch 6, 1701. Colonel Brandt rode to Garstang.\nMarch 7, 1701. Snow at Garstang.\n"
    doc = make_doc(text, timexes=[("March 5, 1701", "DATE", "1701-03-16", "1701-03-05"),
                                  ("March 6, 1701", "DATE", "1701-03-17", "1701-03-06"),
                                  ("March 7, 1701", "DATE", "1701-03-18", "1701-03-07")],
                   mentions=[("Colonel Brandt", "PER", "brandt"), ("Garstang", "LOC", "garstang")])
    evidence = [e.evidence for e in extract_events(doc).events]
    assert not any("cold day" in x for x in evidence)
    assert any("Brandt rode" in x for x in evidence)
    assert any("Snow at Garstang" in x for x in evidence)  # a named place: the entry may report a happening


# --- taking an office ---------------------------------------------------------------------------------


def test_events_becoming_or_being_made_an_office_holder_is_an_appointment() -> None:
    assert [t for t, _ in _types("In 1702 Maren Holt became superintendent of the orphan house.")] == ["APPOINTMENT"]
    assert [t for t, _ in _types("The two brothers were made joint monarchs by the diet.")] == ["APPOINTMENT"]


def test_events_a_strike_that_became_general_is_no_appointment() -> None:
    assert "APPOINTMENT" not in [t for t, _ in _types("The strike has become general among the dock workers.")]
