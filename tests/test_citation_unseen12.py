"""Citation fields on unfamiliar layouts (issue 10, round 12): a document dated by its own heading or
by the closing formula at its foot, a state that owns a document in a title (not its author), an
archive's reference label as the source, a post's date line that the cleaner read as chrome or text.
Invented texts only."""

from __future__ import annotations

from test_metadata_unseen10 import BODY, make_doc

from fontes.metadata import _archive_reference, _closing_date, _head_lines, _title_author
from fontes.model import Document

# A decree in the first person plural, as rulers write them: a source of its time.
DECREE_BODY = ("We, by the grace of God, make known to all our faithful subjects that we have resolved to "
               "lighten the burden of the salt tax laid on our towns. We command our governors to proclaim "
               "this our will in every province, and we trust that our people will receive it with the "
               "loyalty we have always found in them. We order that the new rate be paid from the first "
               "day of the coming year, and we forbid any officer of ours to ask for more than we have set. "
               "Our treasury shall make good what the towns lose by it, and our council shall report to us "
               "on what this our order has done for our people within a year.")


def test_heading_date_dates_a_primary_document() -> None:
    doc = make_doc("Edict of 3 May 1790\n\n" + DECREE_BODY + "\n")
    assert doc.genre == "primary"
    assert doc.citation.date is not None and doc.citation.date.as_written == "3 May 1790"


def test_heading_date_does_not_outrank_a_dating_label() -> None:
    text = "Edict of 3 May 1790\nDated: 9 May 1790\n\n" + DECREE_BODY + "\n"
    assert make_doc(text).citation.date.as_written == "9 May 1790"


def test_closing_formula_dates_the_instrument() -> None:
    closing = "Given at Ostburg, the fifth day of the month of June, in the year one thousand seven hundred and two."
    assert _closing_date(DECREE_BODY + "\n" + closing) == \
        "the fifth day of the month of June, in the year one thousand seven hundred and two"
    assert _closing_date("Done at Ostburg, 5 June 1702.") == "5 June 1702"
    # a month or a year alone dates no instrument; a line that does not open with the formula is text
    assert _closing_date("Done at Ostburg in June 1702.") is None
    assert _closing_date("The treaty was done at Ostburg on 5 June 1702.") is None


def test_closing_formula_makes_the_document_primary() -> None:
    text = ("Article I. The two powers shall keep the peace on the frontier and shall not build new forts.\n\n"
            "Article II. The prisoners of both sides shall be set free within the month.\n\n"
            + BODY + "\n\nDone at Ostburg, 5 June 1702.\n")
    doc = make_doc(text)
    assert doc.citation.date is not None and doc.citation.date.as_written == "5 June 1702"
    assert doc.genre == "primary"


def test_a_state_owning_a_document_is_no_author() -> None:
    assert _title_author("Montenegro's Declaration") is None
    assert _title_author("Declaration of Montenegro") is None
    assert _title_author("Smith's Letter") == "Smith"
    assert _title_author("Diary of Jane Doe") == "Jane Doe"


def test_archive_reference_label_names_the_source() -> None:
    doc = Document(id="0123456789abcdef", path="x.txt", text=f"A letter\n{BODY}\nCatalogue reference: XY 12/345, f 6\n")
    assert _archive_reference(doc) == "XY 12/345, f 6"
    # a reference has figures: a label followed by words is a sentence or a menu entry
    doc = Document(id="0123456789abcdef", path="x.txt", text=f"{BODY}\nShelfmark: see the reading room\n")
    assert _archive_reference(doc) is None
    text = "Letter from a Merchant to his Brother\n\n" + BODY + "\n\nCatalogue reference: XY 12/345, f 6\n"
    assert make_doc(text).citation.source == "XY 12/345, f 6"


def test_post_line_read_as_chrome_still_dates_the_page() -> None:
    doc = Document(id="0123456789abcdef", path="x.txt",
                   text="Home\nAbout\nPublished: March 3, 2019\nThe Salt Tax of the Northern Towns\n\n" + BODY)
    assert "Published: March 3, 2019" in _head_lines(doc)
    text = ("Home | Articles | Contact\n\nThe Salt Tax of the Northern Towns\n\nPosted on March 3, 2019 by Jane Doe\n\n"
            + BODY + "\n\n" + BODY.replace("council", "assembly") + "\n")
    c = make_doc(text).citation
    assert c.date is not None and c.date.as_written == "March 3, 2019"
