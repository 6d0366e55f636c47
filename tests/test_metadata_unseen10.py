"""Citation fields of unseen kinds of page (issue 10, round 10): a document's own heading with its
date, a site's name opening the page, a record's timestamp, a closed heading, a diary's month
heading, a journal issue's date. Invented texts only."""

from __future__ import annotations

from fontes.clean import clean
from fontes.metadata import (
    _closed_heading,
    _heading_date,
    _journal_date,
    extract_metadata,
)
from fontes.model import Document
from fontes.settings import DEFAULTS

BODY = ("The council met in the great hall and heard the envoys of the northern provinces, who asked for "
        "relief from the new taxes laid on salt, grain and timber. The governor promised an answer within "
        "the month and sent the envoys home with letters for their towns.")


def make_doc(text: str, name: str = "test.txt") -> Document:
    doc = Document(id="0123456789abcdef", path=name, text=text)
    return extract_metadata(clean(doc))


def test_heading_names_a_document_and_its_date():
    assert _heading_date(["Decree of 3 May 1790"]) == ("3 May 1790", "Decree of 3 May 1790")
    # a date in figures set off by points, any year, inside brackets after the kind of document
    assert _heading_date(["Manifesto of Leopold II. (3. 5. 1790)"])[0] == "3. 5. 1790"
    # the year word the heading writes after the date stays with it
    assert _heading_date(["Высочайшій манифестъ 3 мая 1790 года «О податяхъ»"])[0] == "3 мая 1790 года"


def test_heading_date_needs_the_date_close_to_the_kind_of_document():
    # a date many words on is what the text is about, not the heading's
    assert _heading_date(["Decree on the salt tax that the council debated for years until 3 May 1790"]) is None
    assert _heading_date(["The salt tax of 3 May 1790"]) is None  # no kind of document named
    assert _heading_date(["Decree of May 1790"]) is None  # a month is not the day it was issued


def test_document_heading_marks_a_primary_source_and_leaves_the_title():
    doc = make_doc("Manifesto of Leopold II. (3. 5. 1790)\n\n" + BODY + "\n")
    assert doc.citation.title == "Manifesto of Leopold II."
    assert doc.genre == "primary"


def test_record_timestamp_alone_on_a_line_dates_the_record():
    doc = make_doc("# Listening Record 55501\n\n2011-03-04T09:15:00+00:00\n\n" + BODY + "\n")
    assert doc.citation.date is not None
    assert doc.citation.date.as_written == "2011-03-04T09:15:00+00:00"
    assert doc.citation.date.gregorian == "2011-03-04T09:15:00"


def test_closed_heading_question_and_stop():
    assert _closed_heading("Why did the Fleet Sail in 1702?", DEFAULTS) == "Why did the Fleet Sail in 1702?"
    assert _closed_heading("River trade and the northern towns (1701–09).", DEFAULTS) == \
        "River trade and the northern towns (1701–09)"
    assert _closed_heading("The fleet sailed in 1702.", DEFAULTS) is None  # a sentence: a finite verb
    assert _closed_heading("The fleet sailed. It came back.", DEFAULTS) is None  # running text
    assert _closed_heading("J. Q.", DEFAULTS) is None


def test_month_heading_is_a_diary_pages_title_and_date():
    doc = make_doc("March 1702\n\nMarch 1st. A cold day, and I went to church. 2nd. Rain all day, and we stayed "
                   "at home and read. 3rd. I rode to town with my cousin and dined there with the mayor.\n")
    assert doc.citation.title == "March 1702"
    assert doc.citation.date is not None and doc.citation.date.as_written == "March 1702"


def test_journal_issue_date():
    assert _journal_date(["Northern Review. Sep2019, Vol. 12 Issue 3, p101-120. 20p."]) == "Sep2019"
    assert _journal_date(["2019; Lakeside Press; Volume: 12; Issue: 3"]) == "2019"
    assert _journal_date(["Vol. 3, No. 2 (1921), pp. 1–20"]) == "1921"
    assert _journal_date(["A history of the years 1850 to 1870"]) is None  # no volume, no issue


def test_site_name_line_above_the_title_is_the_publisher():
    doc = make_doc("Lakeside Genealogy\n\nThe Salt Tax Petition of the Northern Towns\n\n" + BODY + "\n")
    assert doc.citation.title == "The Salt Tax Petition of the Northern Towns"
    assert doc.citation.publisher == "Lakeside Genealogy"


def test_a_sentence_naming_a_document_and_a_date_is_no_heading():
    assert _heading_date(["The treaty signed on 3 May 1790 ended the war"]) is None
    assert _heading_date(["Decree of 3 May 1790."]) is None  # a sentence's stop: running text
