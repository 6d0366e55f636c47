"""Citation fields on unfamiliar layouts (issue 10, round 11): a catalogue's bulleted record
("• Author(s): Doe, Jane R. ()", "• Source:" with its value on the line below), names filed surname
first, a database's rights notice that names the publisher, a search page whose first result is no
title. Invented texts only."""

from __future__ import annotations

from test_metadata_unseen10 import BODY, make_doc

from fontes.clean import citation_label, clean
from fontes.metadata import _copyright_holder, extract_metadata, split_names
from fontes.model import Document


def test_bulleted_citation_label() -> None:
    assert citation_label("• Author(s): Doe, Jane R. ()") == ("author", "Doe, Jane R. ()")
    assert citation_label("• Source:") == ("source", "")


def test_names_filed_surname_first_stay_whole() -> None:
    assert split_names("Doe, Jane R. ()") == ["Doe, Jane R."]
    assert split_names("Doe, Jane R.; Roe, Richard") == ["Doe, Jane R.", "Roe, Richard"]
    assert split_names("Roe, R. T.") == ["Roe, R. T."]
    # two names set apart by a comma are still two names
    assert split_names("Jane Doe, Richard Roe") == ["Jane Doe", "Richard Roe"]
    assert split_names("Doe, Roe") == ["Doe", "Roe"]


def test_publisher_from_a_database_rights_notice() -> None:
    line = ("Copyright of Northern History Quarterly is the property of Example Press and its content may not be "
            "copied without the holder's written permission.")
    assert _copyright_holder([line]) == "Example Press"


def test_catalogue_record_with_bulleted_fields() -> None:
    text = ("The council of the northern provinces (1701–09).\n"
            "Your request has been placed! ×\n"
            "  • Author(s): Doe, Jane R. ()\n"
            "  • Source:\n"
            "    Northern History Quarterly. Mar2011, Vol. 12 Issue 3, p101-120. 20p.\n"
            "  • Subject Terms:\n"
            "  • Abstract:\n"
            f"    {BODY}\n"
            "Copyright of Northern History Quarterly is the property of Example Press and its content may not be "
            "copied or emailed to multiple sites without the holder's express written permission.\n")
    c = make_doc(text).citation
    assert c.authors == ["Doe, Jane R."]
    assert c.source == "Northern History Quarterly. Mar2011, Vol. 12 Issue 3, p101-120. 20p."
    assert c.publisher == "Example Press"


def test_label_value_below_is_not_taken_from_a_paragraph() -> None:
    text = "Provincial Letters\n\nSource:\n\n" + BODY + "\n\n" + BODY.replace("council", "assembly") + "\n"
    doc = make_doc(text)
    assert doc.citation.source is None
    assert any(z.kind == "body" and doc.text[z.start:z.end] == BODY for z in doc.zones)


def test_first_search_result_is_not_the_title() -> None:
    text = ("Search\nSearch Results\nCollection\nFortress papers, 1701-1709\n12 items\n\n" + BODY + "\n\n"
            "Collection\nGarrison letters, 1710-1712\n3 items\n\n" + BODY.replace("council", "assembly") + "\n")
    assert make_doc(text).citation.title is None


def test_salutation_is_not_a_title() -> None:
    text = "My most honoured lord,\n" + BODY + "\n\n" + BODY.replace("council", "assembly") + "\n"
    assert make_doc(text).citation.title is None


def test_site_from_contribution_credit_and_from_the_tab_title() -> None:
    text = ("The Winter Letters\n\n" + BODY + "\n\nContributed to Riverton Memory Archive by a private donor\n")
    assert make_doc(text).citation.publisher == "Riverton Memory Archive"


def test_breadcrumb_names_the_volume_as_source() -> None:
    text = ("Home >> Great Encyclopedia, Volume 4 >> Fortresses to Fishing >> The Winter Siege\n"
            "The Winter Siege\n\n" + BODY + "\n\n" + BODY.replace("council", "assembly") + "\n")
    c = make_doc(text).citation
    assert c.title == "The Winter Siege"
    assert c.source == "Great Encyclopedia, Volume 4"


def test_site_from_the_tab_title_around_the_pages_own_heading() -> None:
    heading = "Letter from the governor to his brother"
    text = f"{heading} - Riverton Archives\n\n{heading}\n\n" + BODY + "\n\n" + BODY.replace("council", "assembly") + "\n"
    doc = Document(id="0123456789abcdef", path="page.html", text=text, media_type="text/html",
                   html_meta={"page_title": f"{heading} - Riverton Archives"})
    doc = extract_metadata(clean(doc))
    assert doc.citation.publisher == "Riverton Archives"
