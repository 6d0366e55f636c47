"""Events on unseen sources, round 11: each dated row of a table of figures is an entry; a short line
naming an enactment with its date ("Ukaz of 9 November 1906", "Manifest of Alexander III. (29. 4. 1881)",
royal assent) is its adoption; an instrument's closing formula ("Done at X, date") under a heading
naming a treaty is the treaty; an order released is an order, a bill issued is adopted, a declaration
made is published; living, insisting, choosing and a document's date tell no happening. All sentences
are made up."""

from __future__ import annotations

from test_events import make_doc

from fontes.events import extract_events


def _events(text: str, timexes=(), mentions=(), metadata_lines: int = 0) -> list[tuple[str, str]]:
    doc = make_doc(text, timexes=list(timexes), mentions=list(mentions), metadata_lines=metadata_lines)
    return [(e.type, e.evidence) for e in extract_events(doc).events]


# --- tables of figures by year ---------------------------------------------------------------------

def test_dated_rows_of_a_table_of_figures_are_entries() -> None:
    text = ("Year | Ships built | Ships lost |\n"
            "1821 | 14 | 3 |\n"
            "1822 | 22 | 5 |\n"
            "1823 | 9 | 11 |\n")
    events = _events(text, timexes=[(y, "DATE", y, None) for y in ("1821", "1822", "1823")])
    assert [t for t, _ in events] == ["OTHER", "OTHER", "OTHER"]
    assert events[0][1].startswith("1821") and "14" in events[0][1]


def test_a_lone_row_of_figures_is_no_table() -> None:
    text = "The harbour dues were these:\n1821 | 14 | 3 |\nNothing else was recorded."
    assert _events(text, timexes=[("1821", "DATE", "1821", None)]) == []


# --- enactments named in a line with their date ------------------------------------------------------

def test_an_ukaz_of_a_date_is_an_adoption() -> None:
    text = "Ukaz of 3 March 1799\n\nThe salt tax is lowered in all the governorates."
    events = _events(text, timexes=[("3 March 1799", "DATE", "1799-03-14", "1799-03-03")])
    assert ("ADOPTION", "Ukaz of 3 March 1799") in events


def test_a_manifest_after_a_regnal_number_is_an_adoption() -> None:
    text = "Manifest of Alexander II. (12. 5. 1866)\n\nThe people are called to keep the peace."
    events = _events(text, timexes=[("12. 5. 1866", "DATE", "1866-05-24", "1866-05-12")], metadata_lines=1)
    assert ("ADOPTION", "Manifest of Alexander II. (12. 5. 1866)") in events


def test_royal_assent_in_a_chronology_is_an_adoption() -> None:
    text = "4. 9th of March Royal Assent for the new Militia Act"
    events = _events(text, timexes=[("9th of March", "DATE", "1690-03-19", "1690-03-09")])
    assert [t for t, _ in events] == ["ADOPTION"]


# --- closing formula of an instrument ---------------------------------------------------------------

def test_done_at_a_place_and_day_under_a_treaty_heading_is_the_treaty() -> None:
    text = ("TREATY OF COMMERCE BETWEEN ORVELIA AND MIROW.\n\n"
            "Art. I. The ports of both kingdoms shall be open to the ships of the other.\n\n"
            "Done at Mirow, the second day of September, 1705.")
    events = _events(text, timexes=[("the second day of September, 1705", "DATE", "1705-09-13", "1705-09-02")])
    assert ("TREATY", "Done at Mirow, the second day of September, 1705.") in events


def test_done_at_without_an_instrument_heading_is_no_event() -> None:
    text = "Notes on the journey\n\nDone at Mirow, the second day of September, 1705."
    events = _events(text, timexes=[("the second day of September, 1705", "DATE", "1705-09-13", "1705-09-02")])
    assert not any(t in ("TREATY", "ADOPTION") for t, _ in events)


# --- types of verbs ---------------------------------------------------------------------------------

def test_an_order_released_is_an_order() -> None:
    text = "In 1702 the Duke of Orvel released an order to build a lighthouse on the cape."
    events = _events(text, timexes=[("1702", "DATE", "1702", None)], mentions=[("Duke of Orvel", "PER", "orvel")])
    assert "ORDER" in [t for t, _ in events]


def test_a_bill_issued_is_adopted() -> None:
    text = "In 1689 the Regent issued a Bill of Tolls for the river crossings."
    assert "ADOPTION" in [t for t, _ in _events(text, timexes=[("1689", "DATE", "1689", None)])]


def test_a_declaration_made_is_published() -> None:
    text = "On 19 December the Assembly at Mirow made a Declaration of its grievances."
    events = _events(text, timexes=[("19 December", "DATE", "1688-12-29", "1688-12-19")],
                     mentions=[("Mirow", "LOC", "mirow")])
    assert "PUBLICATION" in [t for t, _ in events]


def test_a_way_of_life_or_a_choice_tells_no_happening() -> None:
    mentions = [("Anna Veld", "PER", "veld")]
    assert _events("Anna Veld lived a quiet life among her books and her garden.", mentions=mentions) == []
    assert _events("Anna Veld chose a different path from her sisters.", mentions=mentions) == []
    assert _events("Anna Veld insisted on silence in the wards.", mentions=mentions) == []
