"""Citation fields on short web captures (round 13): a BibTeX record shown on a page, a blog's post line
that files the post in a category, a couple's byline, a forum member's join date, an anniversary
page's title, a flip-book page's number before its title, identifier lines over a journal article,
the citation a page suggests for itself, a standfirst naming its author, a title in another script.
Invented texts only."""

from __future__ import annotations

from test_metadata_unseen10 import BODY, make_doc

from fontes.metadata import (
    _PAGE_PREFIX,
    _bibtex_citation,
    _profile_date,
    anniversary_title,
    bibtex_fields,
    category_post_line,
    couple_byline,
    script_of,
    standfirst_author,
    suggested_citation_authors,
)
from fontes.model import Document
from fontes.settings import DEFAULTS


def _doc(text: str) -> Document:
    return make_doc(text)


def test_bibtex_lines_give_title_authors_and_source() -> None:
    lines = ["title={Salt and Silver: The Ostburg Mint, 1702-1720},", "author={Jane Doe and Richard Roe},",
             "journal={Review of Northern History},", "pages={12 - 40}"]
    fields = _bibtex_citation(bibtex_fields(lines))
    assert fields == {"title": "Salt and Silver: The Ostburg Mint, 1702-1720", "authors": "Jane Doe and Richard Roe",
                      "source": "Review of Northern History, pages 12 - 40"}
    assert bibtex_fields(["The mint was closed in 1720, = a loss {for the town}."]) == {}


def test_bibtex_record_under_the_title_is_not_part_of_the_title() -> None:
    text = ("Salt and Silver: The Ostburg Mint\n\n  title={Salt and Silver: The Ostburg Mint},\n"
            "  author={Jane Doe},\n  journal={Review of Northern History},\n  pages={12 - 40}\n\n" + BODY + "\n")
    c = _doc(text).citation
    assert c.title == "Salt and Silver: The Ostburg Mint"
    assert c.authors == ["Jane Doe"]
    assert c.source == "Review of Northern History, pages 12 - 40"


def test_category_post_line_gives_date_and_user_name() -> None:
    assert category_post_line("Posted in Naval History by jdoe42 on March 3, 2014") == ("March 3, 2014", "jdoe42")
    assert category_post_line("Filed under Wars by Jane Doe on 3 March 2014 at 10:15") == ("3 March 2014", "Jane Doe")
    # a date the line goes on after is not the post's date line
    assert category_post_line("Posted in History by jdoe on March 3, 1702 the fleet sailed") is None
    c = _doc("Bits of the Past\n\nThe Salt Riots\n\nPosted in History by jdoe42 on March 3, 2014\n\n" + BODY + "\n").citation
    assert c.authors == ["jdoe42"]
    assert c.date is not None and c.date.as_written == "March 3, 2014"


def test_couple_byline_gives_two_authors() -> None:
    assert couple_byline("Tom and Anna HOLLIS", DEFAULTS) == ["Tom HOLLIS", "Anna HOLLIS"]
    assert couple_byline("By Tom and Anna Hollis", DEFAULTS) == ["Tom Hollis", "Anna Hollis"]
    assert couple_byline("Peter and Paul Fortress", DEFAULTS) == []
    assert couple_byline("Salt and Timber", DEFAULTS) == []


def test_profile_join_date_is_not_the_page_date() -> None:
    lines = ["Jane Doe", "- Joined", "- Mar 3, 2009", "- Messages", "The Salt Riots"]
    assert _profile_date(lines, 2)
    assert _profile_date(["Joined: Mar 3, 2009"], 0)
    assert not _profile_date(["The Salt Riots", "Mar 3, 2009"], 1)


def test_anniversary_kicker_line_is_the_title() -> None:
    title = "On this day in history : 3rd March 1702 – the salt riots break out in Ostburg…."
    doc = _doc(title + "\n\n" + BODY + "\n")
    assert anniversary_title(doc) == title
    assert doc.citation.title == title
    assert anniversary_title(_doc(BODY + "\n\nToday in History - 3 March\n")) is None


def test_page_number_before_a_title_is_dropped() -> None:
    assert _PAGE_PREFIX.sub("", "Page 12 - Salt and Silver") == "Salt and Silver"
    assert _PAGE_PREFIX.sub("", "Pages of History - Salt") == "Pages of History - Salt"


def test_identifier_lines_are_no_title() -> None:
    doc = _doc("ISSN: 1234-5678\ne-ISSN: 2345-6789\n\n" + BODY + " " + BODY + "\n")
    assert not (doc.citation.title or "").startswith(("ISSN", "e-ISSN"))


def test_suggested_citation_names_the_authors() -> None:
    doc = _doc(BODY + "\n\nCite this page:\n\nDoe, Jane. “The Salt Riots of Ostburg.” Accessed 3 May 2020.\n")
    assert suggested_citation_authors(doc) == ["Jane Doe"]
    doc = _doc(BODY + "\n\nHow to cite: Doe, Jane, and Richard Roe. The Salt Riots. Ostburg, 2020.\n")
    assert suggested_citation_authors(doc) == ["Jane Doe", "Richard Roe"]
    assert suggested_citation_authors(_doc(BODY + "\n\nDoe, Jane. “The Salt Riots.”\n")) == []


def test_standfirst_names_the_author() -> None:
    doc = _doc("The Salt Riots of 1702\n\nThe riots were short, but, explains historian Jane Doe, they changed "
               "the town for a century.\n\n" + BODY + "\n")
    assert standfirst_author(doc) == "Jane Doe"
    assert doc.citation.authors == ["Jane Doe"]
    assert standfirst_author(_doc("The Salt Riots\n\nThe governor explains the new tax to the envoys.\n\n" + BODY)) is None


def test_script_of_text() -> None:
    assert script_of("Соляной бунт") == "cyrillic"
    assert script_of("Ἁλὸς στάσις") == "greek"
    assert script_of(BODY) == "latin"

