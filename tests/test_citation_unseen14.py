"""Citation fields on short web captures (round 14): a page's own date line read as text, a byline
labelled with a colon at the page's foot, a post line naming the site it was posted on, a blog's
author box, a forum thread's column heads, a hard-wrapped paragraph's first line.
Invented texts only."""

from __future__ import annotations

from test_metadata_unseen10 import BODY, make_doc

from fontes.metadata import (
    _head_date_line,
    _post_line,
    _wrapped,
    author_box,
    forum_topic,
)


def test_date_line_of_the_web_years_under_the_title_dates_the_page() -> None:
    text = ("The Salt Riots\n\nThe crowd at the mint gate, as a drawing of the time shows it.\n\n"
            "Friday, May 30, 2014\n\n" + BODY + "\n")
    c = make_doc(text).citation
    assert c.date is not None and c.date.as_written == "Friday, May 30, 2014"


def test_date_line_of_an_earlier_year_is_no_page_date() -> None:
    text = "The Salt Riots\n\nThe crowd at the mint gate.\n\n{}\n\n" + BODY + "\n"
    assert _head_date_line(make_doc(text.format("Friday, March 3, 1702"))) is None
    assert _head_date_line(make_doc(text.format("Friday, May 30, 2014"))) == "Friday, May 30, 2014"
    # a date with its clock time waits for the time stage to keep the time (it sets the day alone)
    assert _head_date_line(make_doc(text.format("Fri 30 May 2014 18:04"))) is None
    assert _head_date_line(make_doc(text.format("Fri 30 May 2014 18:04")), clock_time=True) == "Fri 30 May 2014 18:04"


def test_post_line_naming_the_site_it_was_posted_on() -> None:
    assert _post_line("Posted on saltriots.example.org on 3 May 2015") == ("3 May 2015", None)
    assert _post_line("Posted on the quay of Ostburg on 3 May 1702") is None


def test_posted_by_with_a_colon_at_the_foot_names_the_author() -> None:
    text = "The Salt Riots\n\n" + BODY + "\n\nSources: various\n\nPosted by: Jane Doe, Salt Riot News\n"
    assert make_doc(text).citation.authors == ["Jane Doe"]


def test_author_box_at_the_foot_names_the_author() -> None:
    foot = ("About Jane Doe\n\nJane Doe grew up by the sea and has written about the salt trade for "
            "twenty years.\n")
    doc = make_doc("The Salt Riots\n\n" + BODY + "\n\n" + foot)
    assert author_box(doc) == "Jane Doe"
    assert doc.citation.authors == ["Jane Doe"]
    # the site's own page is no one's box
    assert author_box(make_doc("The Salt Riots\n\n" + BODY + "\n\nAbout Us\n\nWe write about the salt trade.\n")) is None


def test_forum_column_heads_give_the_topic_as_title() -> None:
    assert forum_topic("Author  Topic: The Salt Riots of Ostburg  (Read 1,253 times)") == "The Salt Riots of Ostburg"
    assert forum_topic("Author: Jane Doe") is None
    text = ("Salt Forum\n\nAuthor Topic: The Salt Riots of Ostburg (Read 253 times)\n"
            "0 Members and 3 Guests are viewing this topic.\n\n" + BODY + "\n")
    c = make_doc(text).citation
    assert c.title == "The Salt Riots of Ostburg"
    assert "Topic" not in " ".join(c.authors)


def test_hard_wrapped_first_line_is_no_title() -> None:
    text = ("In May 1702, the salt council of Ostburg met in the great hall\n"
            "of the old mint and heard the envoys of the northern provinces.\n" + BODY + "\n")
    assert _wrapped(text, text.find("\n"))
    assert make_doc(text).citation.title is None
    assert not _wrapped("The Salt Riots\nThe council met.", len("The Salt Riots"))
