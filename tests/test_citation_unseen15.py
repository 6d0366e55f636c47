"""Citation fields on short web captures (round 15): an organisation signing with its acronym, a day of
history alone at the head of an article, the works drawn on listed under the text, a site's name and
slogan above the title. Invented texts only."""

from __future__ import annotations

from test_metadata_unseen10 import BODY, make_doc

from fontes.metadata import organisation_byline


def test_an_organisation_signs_with_its_acronym() -> None:
    assert organisation_byline("Updated By: Northern Heritage Trust (NHT)") == "Northern Heritage Trust (NHT)"
    assert organisation_byline("By Society for Old Maps (SOM)") == "Society for Old Maps (SOM)"
    assert organisation_byline("By Jane Doe (ed.)") is None
    assert organisation_byline("By Northern Heritage Trust (XYZ)") is None  # not its initials


def test_an_organisation_byline_gives_the_author() -> None:
    text = "The Salt Riots\nUpdated By: Northern Heritage Trust (NHT)\n\n" + BODY + "\n"
    assert make_doc(text).citation.authors == ["Northern Heritage Trust (NHT)"]


def test_a_day_of_history_alone_at_the_head_is_the_title_not_the_date() -> None:
    c = make_doc("March 3, 1702\n\n" + BODY + "\n").citation
    assert c.title == "March 3, 1702"
    assert c.date is None


def test_a_day_of_the_web_years_at_the_head_still_dates_the_page() -> None:
    c = make_doc("The Salt Riots\n\nMarch 3, 2014\n\n" + BODY + "\n").citation
    assert c.date is not None and c.date.as_written == "March 3, 2014"


def test_sources_listed_under_the_text_are_not_its_source() -> None:
    text = "The Salt Riots\n\n" + BODY + "\n\nSources: encyclopedias/various\n"
    assert make_doc(text).citation.source is None
    text = "The Salt Riots\nSource: The Northern Chronicle\n\n" + BODY + "\n"
    assert make_doc(text).citation.source == "The Northern Chronicle"


def test_site_name_and_slogan_above_the_title() -> None:
    text = ("Old Town Days\n\nA Chronicle Of Markets And Fairs From Long Ago\n\nThe Council Hears The Envoys\n\n"
            + BODY + "\n")
    c = make_doc(text).citation
    assert c.title == "The Council Hears The Envoys"
    assert c.publisher == "Old Town Days"


def test_a_forum_topic_read_as_an_author_label_is_the_title_not_authors() -> None:
    text = ("Author Topic: The Salt Riots of the North  (Read 97 times)\n\n" + BODY + "\n")
    c = make_doc(text).citation
    assert c.authors == []
    assert c.title == "The Salt Riots of the North"
